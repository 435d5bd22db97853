// The scripted test handler, the test server wrapper and the blocking test client.
#include "tests/unit/core/server/server_test_util.h"

#include <arpa/inet.h>
#include <event2/event.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "core/base/unique_handle.h"
#include "core/http/stream.h"
#include "core/http1/body_decoder.h"
#include "core/http1/response_parser.h"

namespace core::server::testing {
namespace {

// How long a read waits before the test gives up on the server.
constexpr int kFailSafeMs = 5'000;

std::string_view query_param(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const size_t eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      return eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

int int_param(const http::Request& request, std::string_view name, int fallback) {
  const std::string_view text = query_param(request.query(), name);
  int value = fallback;
  if (!text.empty()) std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

std::string describe(const http::Request& request) {
  std::string out;
  out += "method: " + request.method + "\n";
  out += "target: " + request.target + "\n";
  out += "authority: " + request.authority + "\n";
  out += "scheme: " + request.scheme + "\n";
  out += "protocol: " + std::string(http::to_string(request.protocol)) + "\n";
  out += "tls: " + std::string(request.tls ? "1" : "0") + "\n";
  out += "peer: " + request.peer + "\n";
  for (const http::Header& h : request.headers.items()) {
    out += "header " + h.name + ": " + h.value + "\n";
  }
  out += "body: " + request.body;
  return out;
}

// N chunks of S bytes, each made when the stream asks for it.
class GeneratedBody final : public http::Exchange {
 public:
  GeneratedBody(HandlerLog& log, int chunks, size_t size)
      : log_(log), chunks_(chunks), size_(size) {}
  void on_writable(http::Stream& stream) override {
    const char fill = static_cast<char>('a' + sent_ % 26);
    ++sent_;
    log_.chunks_produced.fetch_add(1);
    stream.write(http::Chunk::from_string(std::string(size_, fill)), sent_ == chunks_);
  }

 private:
  HandlerLog& log_;
  int chunks_;
  size_t size_;
  int sent_ = 0;
};

// "tick\n" every delay, driven by a timer on the stream's loop.
class SlowBody final : public http::Exchange {
 public:
  SlowBody(http::Stream& stream, int chunks, int delay_ms)
      : stream_(stream),
        chunks_(chunks),
        delay_{delay_ms / 1000, (delay_ms % 1000) * 1000},
        timer_(evtimer_new(stream.loop(), &SlowBody::on_timer, this)) {}
  void on_writable(http::Stream&) override { event_add(timer_.get(), &delay_); }

 private:
  static void on_timer(evutil_socket_t, short, void* arg) {
    auto* self = static_cast<SlowBody*>(arg);
    ++self->sent_;
    self->stream_.write(http::Chunk::copy_of("tick\n"), self->sent_ == self->chunks_);
  }
  http::Stream& stream_;
  int chunks_;
  timeval delay_;
  base::UniqueHandle<event, event_free> timer_;
  int sent_ = 0;
};

// One chunk, then abort() on the next pull.
class AbortingBody final : public http::Exchange {
 public:
  void on_writable(http::Stream& stream) override {
    if (sent_++ == 0) {
      stream.write(http::Chunk::copy_of("partial"), false);
    } else {
      stream.abort();
    }
  }

 private:
  int sent_ = 0;
};

class TestHandler final : public http::Handler {
 public:
  TestHandler(HandlerLog& log, int worker) : log_(log), worker_(worker) {}

  void on_request(http::Stream& stream) override {
    const http::Request& request = stream.request();
    {
      std::lock_guard lock(log_.mutex);
      log_.seen.push_back(request);
      log_.workers.push_back(worker_);
    }
    log_.requests.fetch_add(1);
    const std::string_view path = request.path();
    if (path == "/hello") {
      stream.respond_with(200, "text/plain", "hello");
    } else if (path == "/echo") {
      stream.respond_with(200, "text/plain", describe(request));
    } else if (path == "/status") {
      const int code = int_param(request, "code", 200);
      stream.respond_with(code, "text/plain", "status " + std::to_string(code));
    } else if (path == "/stream") {
      const int chunks = int_param(request, "chunks", 1);
      const int size = int_param(request, "size", 1024);
      http::ResponseHead head;
      if (int_param(request, "length", 0) == 1) {
        head.content_length = static_cast<uint64_t>(chunks) * static_cast<uint64_t>(size);
      }
      stream.attach(std::make_unique<GeneratedBody>(log_, chunks, static_cast<size_t>(size)));
      stream.respond(std::move(head), true);
    } else if (path == "/slow") {
      stream.attach(std::make_unique<SlowBody>(stream, int_param(request, "chunks", 3),
                                               int_param(request, "delay_ms", 20)));
      stream.respond(http::ResponseHead{}, true);
    } else if (path == "/hang") {
      return;
    } else if (path == "/abort") {
      stream.attach(std::make_unique<AbortingBody>());
      stream.respond(http::ResponseHead{}, true);
    } else {
      stream.respond_with(404, "text/plain", "not found");
    }
  }

 private:
  HandlerLog& log_;
  int worker_;
};

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

std::unique_ptr<http::Handler> make_test_handler(HandlerLog& log, int worker) {
  return std::make_unique<TestHandler>(log, worker);
}

ServerConfig test_config() {
  ServerConfig config;
  config.listeners.push_back(Listener{"127.0.0.1:0", false});
  config.workers = 1;
  return config;
}

TestServer::TestServer(ServerConfig config) {
  auto started = Server::start(
      std::move(config),
      [this](WorkerContext& worker) {
        {
          std::lock_guard lock(registries_mutex_);
          if (registries_.size() <= static_cast<size_t>(worker.index)) {
            registries_.resize(static_cast<size_t>(worker.index) + 1);
          }
          registries_[static_cast<size_t>(worker.index)] = worker.metrics;
        }
        return make_test_handler(log_, worker.index);
      },
      exposition_);
  if (!started) throw std::runtime_error("server did not start: " + started.error());
  server_ = std::move(*started);
}

TestServer::~TestServer() {
  server_.reset();
}

uint64_t TestServer::counter(const metrics::FamilySpec& family,
                             std::initializer_list<std::string_view> labels, int worker) {
  std::lock_guard lock(registries_mutex_);
  return registries_.at(static_cast<size_t>(worker))->counter(family, labels).value();
}

int64_t TestServer::gauge(const metrics::FamilySpec& family,
                          std::initializer_list<std::string_view> labels, int worker) {
  std::lock_guard lock(registries_mutex_);
  return registries_.at(static_cast<size_t>(worker))->gauge(family, labels).value();
}

bool TestServer::wait_for_counter(const metrics::FamilySpec& family,
                                  std::initializer_list<std::string_view> labels,
                                  uint64_t at_least) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds(kFailSafeMs);
  while (counter(family, labels) < at_least) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

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

std::optional<TestResponse> TestClient::read_response(http1::Method method) {
  http1::Limits limits;
  limits.max_body = uint64_t{1} << 32;
  http1::ResponseParser parser(limits);
  parser.reset(method);
  size_t consumed = 0;
  for (;;) {
    const auto progress = parser.parse(buffer_);
    if (!progress) return std::nullopt;
    if (progress->complete) {
      consumed = progress->consumed;
      break;
    }
    if (!fill()) return std::nullopt;
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
    if (!step) return std::nullopt;
    response.body.append(step->data);
    buffer_.erase(0, step->consumed);
    if (step->done) return response;
    if (step->consumed > 0) continue;
    if (!fill()) {
      if (body.finish()) return response;
      return std::nullopt;
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

SelfSigned::SelfSigned(const std::string& common_name) {
  char pattern[] = "/tmp/server-tls-XXXXXX";
  if (::mkdtemp(pattern) == nullptr) {
    error_ = "mkdtemp failed";
    return;
  }
  dir_ = pattern;
  const std::string cert = dir_ + "/cert.pem";
  const std::string key = dir_ + "/key.pem";
  const std::string command =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
      "-subj /CN=" +
      common_name + " -addext subjectAltName=DNS:" + common_name + " -keyout " + key + " -out " +
      cert + " >/dev/null 2>&1";
  if (std::system(command.c_str()) != 0) {
    error_ = "openssl req failed";
    return;
  }
  auto loaded = tls::TlsContext::load({tls::CertificateFiles{cert, key}}, tls::TlsOptions{});
  if (!loaded) {
    error_ = loaded.error();
    return;
  }
  context_ = *loaded;
}

SelfSigned::~SelfSigned() {
  std::error_code ignored;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
}

std::string get(std::string_view target, std::string_view extra) {
  std::string out = "GET ";
  out.append(target).append(" HTTP/1.1\r\nHost: test.local\r\n").append(extra).append("\r\n");
  return out;
}

}  // namespace core::server::testing
