// Test helpers for core/server: a server on 127.0.0.1 port 0 with a scripted handler, and a
// blocking client that reads responses with core/http1's response parser. Reads give up after
// a fail-safe delay so that a broken server fails a test instead of hanging it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <expected>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/http/message.h"
#include "core/http1/message.h"
#include "core/metrics/registry.h"
#include "core/server/server.h"
#include "core/server/server_metrics.h"

struct ssl_ctx_st;
struct ssl_st;

namespace core::server::testing {

// How long a read or a wait lasts before a test gives up on the server.
inline constexpr int kFailSafeMs = 5'000;

// What the handler saw and did, shared with the test thread.
struct HandlerLog {
  std::atomic<int> requests{0};
  std::atomic<int> chunks_produced{0};
  std::mutex mutex;
  std::vector<http::Request> seen;  // under mutex
  std::vector<int> workers;         // worker index of each request, under mutex
};

// Routes by path:
//   /hello                      200 "hello"
//   /echo                       200, the request described as "key: value" lines, then body
//   /status?code=C              C with a short body
//   /stream?chunks=N&size=S     N generated chunks of S bytes, chunked (&length=1: known)
//   /slow?chunks=N&delay_ms=D   N chunks of "tick\n", one every D ms (a timer)
//   /hang                       never answers
//   /abort                      head, one chunk, then abort()
std::unique_ptr<http::Handler> make_test_handler(HandlerLog& log, int worker);

// The test configuration: one worker, one cleartext listener on 127.0.0.1:0.
ServerConfig test_config();

class TestServer {
 public:
  explicit TestServer(ServerConfig config = test_config());
  ~TestServer();

  uint16_t port(size_t listener = 0) const { return server_->ports().at(listener); }
  Server& server() { return *server_; }
  HandlerLog& log() { return log_; }
  metrics::Exposition& exposition() { return exposition_; }
  // A series of worker `worker`'s registry (created at zero if absent).
  uint64_t counter(const metrics::FamilySpec& family,
                   std::initializer_list<std::string_view> labels, int worker = 0);
  int64_t gauge(const metrics::FamilySpec& family, std::initializer_list<std::string_view> labels,
                int worker = 0);
  // Polls a counter until it reaches `at_least`; false if it does not within the fail-safe.
  bool wait_for_counter(const metrics::FamilySpec& family,
                        std::initializer_list<std::string_view> labels, uint64_t at_least);

 private:
  HandlerLog log_;
  metrics::Exposition exposition_;
  std::mutex registries_mutex_;
  std::vector<metrics::Registry*> registries_;
  std::unique_ptr<Server> server_;
};

struct TestResponse {
  int status = 0;
  int version_minor = 1;
  std::vector<std::pair<std::string, std::string>> headers;  // names lowercased
  std::string body;
  bool keep_alive = true;
  std::optional<std::string> header(std::string_view name) const;
};

class TestClient {
 public:
  // Connects to 127.0.0.1:port. A non-zero `receive_buffer` sets SO_RCVBUF before connecting.
  explicit TestClient(uint16_t port, int receive_buffer = 0);
  ~TestClient();
  TestClient(const TestClient&) = delete;
  TestClient& operator=(const TestClient&) = delete;

  bool connected() const { return fd_ >= 0; }
  // Runs a TLS handshake over the connection, offering `alpn` (none when empty) and sending
  // `server_name` as SNI; later sends and reads go through TLS. False when it fails.
  bool start_tls(const std::vector<std::string>& alpn, const std::string& server_name = "");
  // After start_tls: the ALPN protocol chosen and the server certificate's common name.
  std::string negotiated_protocol() const;
  std::string peer_common_name() const;
  int fd() const { return fd_; }
  void send(std::string_view bytes);
  // Reads one response (an interim 1xx counts as one); the error says why none came (closed,
  // malformed, fail-safe).
  std::expected<TestResponse, std::string> read_response(
      http1::Method method = http1::Method::kGet);
  // Reads at most `max` bytes, waiting up to the fail-safe for the first; empty on EOF.
  std::string read_some(size_t max = size_t{64} * 1024);
  // True when the server closed the connection (EOF or reset); discards data until then.
  bool wait_closed();
  // Shuts down our sending side.
  void shutdown_write();

 private:
  bool fill();  // appends what arrives to buffer_; false on EOF, error or fail-safe

  int fd_ = -1;
  std::string buffer_;
  ssl_ctx_st* tls_context_ = nullptr;
  ssl_st* tls_ = nullptr;
};

// A self-signed certificate and key made with the openssl command-line tool in a temporary
// directory (removed on destruction), and a TlsContext serving it.
class SelfSigned {
 public:
  explicit SelfSigned(const std::string& common_name);
  ~SelfSigned();
  SelfSigned(const SelfSigned&) = delete;
  SelfSigned& operator=(const SelfSigned&) = delete;
  // Empty when the certificate could not be made or loaded; error() says why.
  std::shared_ptr<const tls::TlsContext> context() const { return context_; }
  const std::string& error() const { return error_; }

 private:
  std::string dir_;
  std::shared_ptr<const tls::TlsContext> context_;
  std::string error_;
};

// "GET <target> HTTP/1.1" with Host and any `extra` field lines (each ending in CRLF).
std::string get(std::string_view target, std::string_view extra = {});

}  // namespace core::server::testing
