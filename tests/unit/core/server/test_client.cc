// The blocking test client: plain or TLS, responses read with core/http1's own parsers.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "core/http1/body_decoder.h"
#include "core/http1/response_parser.h"
#include "tests/unit/core/server/server_test_util.h"

namespace core::server::testing {
namespace {

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

std::optional<std::string> TestResponse::header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (n == name) return v;
  }
  return std::nullopt;
}

TestClient::TestClient(uint16_t port, int receive_buffer) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return;
  if (receive_buffer > 0) {
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof(receive_buffer));
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

TestClient::~TestClient() {
  if (tls_ != nullptr) SSL_free(tls_);
  if (tls_context_ != nullptr) SSL_CTX_free(tls_context_);
  if (fd_ >= 0) ::close(fd_);
}

bool TestClient::start_tls(const std::vector<std::string>& alpn, const std::string& server_name) {
  tls_context_ = SSL_CTX_new(TLS_client_method());
  if (tls_context_ == nullptr) return false;
  // A server closing without close_notify (after a timeout) reads as a plain EOF.
  SSL_CTX_set_options(tls_context_, SSL_OP_IGNORE_UNEXPECTED_EOF);
  std::string wire;
  for (const std::string& protocol : alpn) {
    wire.push_back(static_cast<char>(protocol.size()));
    wire += protocol;
  }
  if (!wire.empty()) {
    SSL_CTX_set_alpn_protos(tls_context_, reinterpret_cast<const unsigned char*>(wire.data()),
                            static_cast<unsigned>(wire.size()));
  }
  tls_ = SSL_new(tls_context_);
  if (tls_ == nullptr) return false;
  if (!server_name.empty()) SSL_set_tlsext_host_name(tls_, server_name.c_str());
  SSL_set_fd(tls_, fd_);
  // The socket is blocking; a receive timeout keeps a silent server from hanging the test.
  timeval limit{kFailSafeMs / 1000, 0};
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof(limit));
  return SSL_connect(tls_) == 1;
}

std::string TestClient::negotiated_protocol() const {
  const unsigned char* data = nullptr;
  unsigned size = 0;
  SSL_get0_alpn_selected(tls_, &data, &size);
  return data == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(data), size);
}

std::string TestClient::peer_common_name() const {
  X509* cert = SSL_get1_peer_certificate(tls_);
  if (cert == nullptr) return {};
  char name[256] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, name, sizeof(name));
  X509_free(cert);
  return name;
}

void TestClient::send(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = tls_ != nullptr
                          ? SSL_write(tls_, bytes.data(), static_cast<int>(bytes.size()))
                          : ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

void TestClient::shutdown_write() {
  ::shutdown(fd_, SHUT_WR);
}

bool TestClient::fill() {
  char chunk[64 * 1024];
  if (tls_ != nullptr) {
    const int n = SSL_read(tls_, chunk, sizeof(chunk));
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, kFailSafeMs) <= 0) return false;
  const ssize_t n = ::recv(fd_, chunk, sizeof(chunk), 0);
  if (n <= 0) return false;
  buffer_.append(chunk, static_cast<size_t>(n));
  return true;
}

std::string TestClient::read_some(size_t max) {
  if (buffer_.empty() && !fill()) return {};
  const size_t n = std::min(max, buffer_.size());
  std::string out = buffer_.substr(0, n);
  buffer_.erase(0, n);
  return out;
}

std::expected<TestResponse, std::string> TestClient::read_response(http1::Method method) {
  http1::Limits limits;
  limits.max_body = uint64_t{1} << 32;
  http1::ResponseParser parser(limits);
  parser.reset(method);
  size_t consumed = 0;
  for (;;) {
    const auto progress = parser.parse(buffer_);
    if (!progress)
      return std::unexpected("bad response head: " +
                             std::string(http1::reason_name(progress.error())));
    if (progress->complete) {
      consumed = progress->consumed;
      break;
    }
    if (!fill()) return std::unexpected("no complete response head before close or fail-safe");
  }
  const http1::ResponseHead& head = parser.head();
  TestResponse response;
  response.status = head.status;
  response.version_minor = head.version_minor;
  response.keep_alive = head.keep_alive;
  for (const http1::HeaderField field : head.fields) {
    response.headers.emplace_back(lowercase(field.name), std::string(field.value));
  }
  const http1::BodyFraming framing = head.framing;
  const uint64_t length = head.content_length;
  const bool interim = head.interim();
  buffer_.erase(0, consumed);
  if (interim) return response;

  http1::BodyDecoder body(limits);
  body.reset(framing, length);
  for (;;) {
    const auto step = body.decode(buffer_);
    if (!step)
      return std::unexpected("bad response body: " + std::string(http1::reason_name(step.error())));
    response.body.append(step->data);
    buffer_.erase(0, step->consumed);
    if (step->done) return response;
    if (step->consumed > 0) continue;
    if (!fill()) {
      if (body.finish()) return response;
      return std::unexpected("response body cut short");
    }
  }
}

bool TestClient::wait_closed() {
  buffer_.clear();
  if (tls_ != nullptr) {
    char chunk[4096];
    for (;;) {
      const int n = SSL_read(tls_, chunk, sizeof(chunk));
      if (n > 0) continue;
      const int error = SSL_get_error(tls_, n);
      return error == SSL_ERROR_ZERO_RETURN ||
             (error == SSL_ERROR_SYSCALL && (errno == 0 || errno == ECONNRESET));
    }
  }
  for (;;) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, kFailSafeMs) <= 0) return false;
    char chunk[64 * 1024];
    const ssize_t n = ::recv(fd_, chunk, sizeof(chunk), 0);
    if (n == 0) return true;
    if (n < 0) return errno == ECONNRESET;
  }
}

std::string get(std::string_view target, std::string_view extra) {
  std::string out = "GET ";
  out.append(target).append(" HTTP/1.1\r\nHost: test.local\r\n").append(extra).append("\r\n");
  return out;
}

}  // namespace core::server::testing
