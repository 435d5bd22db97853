// Test helpers for the HTTP/2 codec: a server with a handler whose exchanges report their
// destruction, a blocking HTTP/2 client built on nghttp2's client session, and raw frames for
// the abuse tests that no well-behaved client library would send. Waits give up after a
// fail-safe delay so that a broken server fails a test instead of hanging it.
#pragma once

#include <nghttp2/nghttp2.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/unique_handle.h"
#include "core/metrics/registry.h"
#include "core/server/server.h"

namespace core::server::h2test {

// What the handler saw, shared with the test thread.
struct Events {
  std::atomic<int> requests{0};
  std::atomic<int> exchanges_destroyed{0};
  std::atomic<int> chunks_produced{0};
  std::mutex mutex;
  std::vector<http::Request> seen;  // under mutex
};

// Routes by path:
//   /hello            200 "hello"
//   /echo             200, the request as "key: value" lines, then "body: " and the body
//   /body?size=N      N bytes of pattern_byte(i), in 16 KiB chunks made on demand
//   /hang             an exchange that never answers (destruction counted)
//   /abort            head, one chunk, then abort()
// Every exchange counts its destruction in Events::exchanges_destroyed.
std::unique_ptr<http::Handler> make_handler(Events& events);
char pattern_byte(size_t i);

// One worker, one cleartext listener on 127.0.0.1:0, short abuse limits left at defaults.
ServerConfig h2_config();

class TestServer {
 public:
  explicit TestServer(ServerConfig config = h2_config());
  ~TestServer();
  uint16_t port() const { return server_->ports().at(0); }
  Events& events() { return events_; }
  core::server::Server& server() { return *server_; }
  uint64_t counter(const metrics::FamilySpec& family,
                   std::initializer_list<std::string_view> labels = {});
  // Polls `condition` until true; false after the fail-safe.
  static bool eventually(const std::function<bool()>& condition);

 private:
  Events events_;
  metrics::Exposition exposition_;
  std::mutex mutex_;
  metrics::Registry* registry_ = nullptr;
  std::unique_ptr<core::server::Server> server_;
};

// A blocking TCP connection to 127.0.0.1.
class Socket {
 public:
  explicit Socket(uint16_t port);
  ~Socket();
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  bool connected() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  // False when the peer is gone.
  bool send(std::string_view bytes);
  // Up to `max` bytes; waits up to `wait_ms` for the first. Empty with `eof` set on EOF/error.
  std::string receive(int wait_ms, bool& eof, size_t max = 64 * 1024);

 private:
  int fd_ = -1;
};

// One HTTP/2 frame's bytes.
std::string frame(uint8_t type, uint8_t flags, int32_t stream_id, std::string_view payload);
// The client connection preface and an empty SETTINGS frame.
std::string client_preface();
// HPACK for GET <path> over http to "test.local", without the Huffman code.
std::string request_block(std::string_view path);

struct Goaway {
  int32_t last_stream_id = 0;
  uint32_t error_code = 0;
};

// Reads frames from `socket` until a GOAWAY arrives (returned) or the connection ends.
// `eof` tells whether the server closed the connection by the end.
std::optional<Goaway> read_until_goaway(Socket& socket, bool& eof);
// True when the server closes the connection (EOF or reset) within the fail-safe.
bool wait_closed(Socket& socket);

struct StreamResult {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool closed = false;
  uint32_t error_code = 0;  // from on_stream_close: NO_ERROR or the reset's code
  std::optional<std::string> header(std::string_view name) const;
};

struct ClientOptions {
  uint32_t initial_window = 65535;  // SETTINGS_INITIAL_WINDOW_SIZE announced
  bool auto_window_update = true;   // off: received DATA is never acknowledged
};

// An nghttp2 client session over a Socket, driven by the test thread.
class Client {
 public:
  explicit Client(uint16_t port, ClientOptions options = {});
  // Takes over a socket on which an h2c Upgrade was answered with 101; `settings_payload` is
  // what the HTTP2-Settings header carried and `rest` the bytes read after the 101 head.
  Client(std::unique_ptr<Socket> socket, std::string_view settings_payload, std::string rest);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return socket_ && socket_->connected() && session_ != nullptr; }
  // Queues a request; returns its stream id.
  int32_t submit(std::string_view method, std::string_view path, std::string body = {},
                 std::vector<std::pair<std::string, std::string>> extra = {});
  void reset(int32_t stream_id, uint32_t error_code);
  // Sends what is queued and reads until `done` holds; false on fail-safe, EOF or error first.
  bool run_until(const std::function<bool()>& done);
  // Sends what is queued without waiting for anything.
  bool flush();
  const StreamResult& result(int32_t stream_id) { return results_[stream_id]; }
  bool stream_closed(int32_t stream_id) { return results_[stream_id].closed; }
  std::optional<Goaway> goaway() const { return goaway_; }
  bool eof() const { return eof_; }
  nghttp2_session* session() { return session_.get(); }
  Socket& socket() { return *socket_; }

 private:
  struct Body {
    std::string data;
    size_t offset = 0;
  };
  static int on_header(nghttp2_session*, const nghttp2_frame*, const uint8_t*, size_t,
                       const uint8_t*, size_t, uint8_t, void*);
  static int on_data(nghttp2_session*, uint8_t, int32_t, const uint8_t*, size_t, void*);
  static int on_close(nghttp2_session*, int32_t, uint32_t, void*);
  static int on_frame(nghttp2_session*, const nghttp2_frame*, void*);
  static ssize_t read_body(nghttp2_session*, int32_t, uint8_t*, size_t, uint32_t*,
                           nghttp2_data_source*, void*);
  void make_session(const ClientOptions& options);
  bool feed(std::string_view bytes);

  std::unique_ptr<Socket> socket_;
  base::UniqueHandle<nghttp2_session, nghttp2_session_del> session_;
  std::map<int32_t, StreamResult> results_;
  std::map<int32_t, std::unique_ptr<Body>> bodies_;
  std::optional<Goaway> goaway_;
  bool eof_ = false;
};

}  // namespace core::server::h2test
