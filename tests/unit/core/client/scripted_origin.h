// A scripted HTTP/1.1 origin for client tests, like Varnish's vtc servers: real sockets on
// 127.0.0.1 (port chosen by the kernel), one thread per connection, and a script that answers
// each request with exact bytes, pauses, early closes or resets.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace test {

// One accepted connection as the script sees it.
class OriginPeer {
 public:
  OriginPeer(int fd, std::atomic<size_t>& sent) : fd_(fd), sent_(sent) {}
  // Writes all of `bytes` (blocking); false once the client is gone.
  bool send(std::string_view bytes);
  // Ends the connection with an RST instead of a FIN once the script returns.
  void reset();
  // Ends the connection normally (FIN) once the script returns.
  void close();
  bool open() const { return open_; }
  // Index of this connection in accept order, from 0.
  int index = 0;

 private:
  friend class ScriptedOrigin;
  int fd_;
  std::atomic<size_t>& sent_;
  bool open_ = true;
};

class ScriptedOrigin {
 public:
  // `script` runs on the connection's thread for each complete request (head and any
  // Content-Length body); it answers through the peer and may close it.
  using Script = std::function<void(OriginPeer& peer, const std::string& request)>;
  explicit ScriptedOrigin(Script script);
  ~ScriptedOrigin();
  ScriptedOrigin(const ScriptedOrigin&) = delete;
  ScriptedOrigin& operator=(const ScriptedOrigin&) = delete;

  uint16_t port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int connections() const { return accepted_.load(); }
  // Connections the client closed (the origin read EOF or an error while waiting).
  int closed_by_client() const { return closed_by_client_.load(); }
  // Bytes the scripts managed to write so far, over all connections.
  size_t bytes_sent() const { return sent_.load(); }
  std::vector<std::string> requests() const;

 private:
  void accept_loop();
  void serve(int fd, int index);
  void serve_requests(int fd, int index);

  Script script_;
  int listen_fd_ = -1;
  int wake_[2] = {-1, -1};
  uint16_t port_ = 0;
  std::atomic<int> accepted_{0};
  std::atomic<int> closed_by_client_{0};
  std::atomic<size_t> sent_{0};
  mutable std::mutex mutex_;
  std::vector<std::string> requests_;
  std::vector<int> fds_;
  std::vector<std::thread> threads_;
  std::thread acceptor_;
};

// A response with a Content-Length body.
std::string fixed_response(std::string_view body, std::string_view extra_fields = "");
// A response with a chunked body made of `pieces`.
std::string chunked_response(const std::vector<std::string>& pieces);

}  // namespace test
