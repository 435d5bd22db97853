// The HTTP/2 test handler, server wrapper, blocking socket, raw frames and nghttp2 client.
#include "tests/unit/core/server/h2_test_util.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <utility>

#include "core/http/stream.h"
#include "tests/unit/core/server/shared_answer.h"

namespace core::server::h2test {
namespace {

constexpr int kFailSafeMs = 5'000;
constexpr size_t kChunk = 16 * 1024;

size_t size_param(const http::Request& request) {
  const std::string_view query = request.query();
  const size_t at = query.find("size=");
  if (at == std::string_view::npos) return 0;
  size_t value = 0;
  const std::string_view digits = query.substr(at + 5);
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

std::string describe(const http::Request& request) {
  std::string out;
  out += "method: " + request.method + "\n";
  out += "target: " + request.target + "\n";
  out += "authority: " + request.authority + "\n";
  out += "scheme: " + request.scheme + "\n";
  out += "protocol: " + std::string(http::to_string(request.protocol)) + "\n";
  for (const http::Header& h : request.headers.items()) {
    out += "header " + h.name + ": " + h.value + "\n";
  }
  out += "body: " + request.body;
  return out;
}

// Counts its own destruction: the test's view of "the exchange ended".
class CountedExchange : public http::Exchange {
 public:
  explicit CountedExchange(Events& events) : events_(events) {}
  ~CountedExchange() override { events_.exchanges_destroyed.fetch_add(1); }
  void on_writable(http::Stream&) override {}

 protected:
  Events& events_;
};

class PatternBody final : public CountedExchange {
 public:
  PatternBody(Events& events, size_t size) : CountedExchange(events), size_(size) {}
  void on_writable(http::Stream& stream) override {
    const size_t n = std::min(kChunk, size_ - offset_);
    std::string chunk(n, '\0');
    for (size_t i = 0; i < n; ++i)
      chunk[i] = pattern_byte(offset_ + i);
    offset_ += n;
    events_.chunks_produced.fetch_add(1);
    stream.write(http::Chunk::from_string(std::move(chunk)), offset_ == size_);
  }

 private:
  size_t size_;
  size_t offset_ = 0;
};

class AbortingBody final : public CountedExchange {
 public:
  using CountedExchange::CountedExchange;
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

class Handler final : public http::Handler {
 public:
  explicit Handler(Events& events) : events_(events) {}
  void on_request(http::Stream& stream) override {
    const http::Request& request = stream.request();
    {
      std::lock_guard lock(events_.mutex);
      events_.seen.push_back(request);
    }
    events_.requests.fetch_add(1);
    const std::string_view path = request.path();
    if (path == "/hello") {
      stream.respond_with(200, "text/plain", "hello");
    } else if (path == "/echo") {
      stream.respond_with(200, "text/plain", describe(request));
    } else if (path == "/body") {
      const size_t size = size_param(request);
      http::ResponseHead head;
      head.content_length = size;
      stream.attach(std::make_unique<PatternBody>(events_, size));
      stream.respond(std::move(head), size > 0);
    } else if (path == "/shared") {
      testing::respond_shared_answer(stream);
    } else if (path == "/hang") {
      stream.attach(std::make_unique<CountedExchange>(events_));
    } else if (path == "/abort") {
      stream.attach(std::make_unique<AbortingBody>(events_));
      stream.respond(http::ResponseHead{}, true);
    } else {
      stream.respond_with(404, "text/plain", "not found");
    }
  }

 private:
  Events& events_;
};

}  // namespace

char pattern_byte(size_t i) {
  return static_cast<char>('a' + (i * 7 + i / 251) % 26);
}

std::unique_ptr<http::Handler> make_handler(Events& events) {
  return std::make_unique<Handler>(events);
}

ServerConfig h2_config() {
  ServerConfig config;
  config.listeners.push_back(Listener{"127.0.0.1:0", false});
  config.workers = 1;
  return config;
}

TestServer::TestServer(ServerConfig config) {
  auto started = core::server::Server::start(
      std::move(config),
      [this](WorkerContext& worker) {
        std::lock_guard lock(mutex_);
        registry_ = worker.metrics;
        return make_handler(events_);
      },
      exposition_);
  if (!started) throw std::runtime_error("server did not start: " + started.error());
  server_ = std::move(*started);
}

TestServer::~TestServer() {
  server_.reset();
}

uint64_t TestServer::counter(const metrics::FamilySpec& family,
                             std::initializer_list<std::string_view> labels) {
  std::lock_guard lock(mutex_);
  return registry_->counter(family, labels).value();
}

bool TestServer::eventually(const std::function<bool()>& condition) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds(kFailSafeMs);
  while (!condition()) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

Socket::Socket(uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

Socket::~Socket() {
  if (fd_ >= 0) ::close(fd_);
}

bool Socket::send(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

std::string Socket::receive(int wait_ms, bool& eof, size_t max) {
  eof = false;
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, wait_ms) <= 0) return {};
  std::string out(max, '\0');
  const ssize_t n = ::recv(fd_, out.data(), max, 0);
  if (n <= 0) {
    eof = true;
    return {};
  }
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string frame(uint8_t type, uint8_t flags, int32_t stream_id, std::string_view payload) {
  std::string out;
  const size_t length = payload.size();
  out.push_back(static_cast<char>((length >> 16) & 0xff));
  out.push_back(static_cast<char>((length >> 8) & 0xff));
  out.push_back(static_cast<char>(length & 0xff));
  out.push_back(static_cast<char>(type));
  out.push_back(static_cast<char>(flags));
  const auto id = static_cast<uint32_t>(stream_id);
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((id >> shift) & 0xff));
  out.append(payload);
  return out;
}

std::string client_preface() {
  return std::string(NGHTTP2_CLIENT_MAGIC, NGHTTP2_CLIENT_MAGIC_LEN) +
         frame(NGHTTP2_SETTINGS, 0, 0, {});
}

std::string request_block(std::string_view path) {
  // Indexed :method GET (2) and :scheme http (6); literals without indexing for the rest.
  std::string out = "\x82\x86";
  const auto literal = [&out](uint8_t index, std::string_view value) {
    out.push_back(static_cast<char>(index));  // 0000xxxx: literal, indexed name
    out.push_back(static_cast<char>(value.size()));
    out.append(value);
  };
  literal(4, path);          // :path
  literal(1, "test.local");  // :authority
  return out;
}

std::optional<Goaway> read_until_goaway(Socket& socket, bool& eof) {
  std::string buffer;
  eof = false;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds(kFailSafeMs);
  while (std::chrono::steady_clock::now() < give_up) {
    while (buffer.size() >= 9) {
      const auto byte = [&buffer](size_t i) { return static_cast<uint8_t>(buffer[i]); };
      const size_t length = (size_t{byte(0)} << 16) | (size_t{byte(1)} << 8) | byte(2);
      if (buffer.size() < 9 + length) break;
      if (byte(3) == NGHTTP2_GOAWAY && length >= 8) {
        Goaway goaway;
        goaway.last_stream_id =
            static_cast<int32_t>(((uint32_t{byte(9)} & 0x7f) << 24) | (uint32_t{byte(10)} << 16) |
                                 (uint32_t{byte(11)} << 8) | byte(12));
        goaway.error_code = (uint32_t{byte(13)} << 24) | (uint32_t{byte(14)} << 16) |
                            (uint32_t{byte(15)} << 8) | byte(16);
        // Whether the server closes after it: read on until EOF.
        eof = wait_closed(socket);
        return goaway;
      }
      buffer.erase(0, 9 + length);
    }
    bool closed = false;
    buffer += socket.receive(100, closed);
    if (closed) {
      eof = true;
      return std::nullopt;
    }
  }
  return std::nullopt;
}

bool wait_closed(Socket& socket) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds(kFailSafeMs);
  while (std::chrono::steady_clock::now() < give_up) {
    bool eof = false;
    socket.receive(100, eof);
    if (eof) return true;
  }
  return false;
}

std::optional<std::string> StreamResult::header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (n == name) return v;
  }
  return std::nullopt;
}

}  // namespace core::server::h2test
