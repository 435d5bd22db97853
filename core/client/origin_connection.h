// Internal to core/client: one TCP connection to an origin, on the worker's loop. Its socket is
// registered for reading once for its whole life and its readiness goes to whoever uses it at
// the time (the pool while it is idle, a fetch while it carries a request), so handing it from
// one request to the next costs no system call. Input lands in blocks that large body chunks
// share without a copy.
#pragma once

#include <event2/util.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string_view>

#include "core/base/unique_handle.h"
#include "core/client/origin_url.h"
#include "core/http/chunk.h"

struct event;
struct event_base;

namespace core::client {

class Connection;

void free_event(event* ev);
using EventHandle = base::UniqueHandle<event, free_event>;

// Hears about one connection's socket.
class ConnectionUser {
 public:
  virtual ~ConnectionUser() = default;
  // Bytes, an end of stream or an error wait to be read.
  virtual void on_readable(Connection& connection) = 0;
  // The socket takes bytes: the connect finished, or there is room for the rest of a request.
  virtual void on_writable(Connection& connection) = 0;
};

enum class ReadResult : uint8_t { kData, kAgain, kEnd, kError };

class Connection {
 public:
  // Starts a non-blocking connect; nullptr when no socket could be made or it failed at once.
  // `block_size` is the input block: the largest head or run of bytes that must be contiguous.
  static std::unique_ptr<Connection> open(event_base* loop, const OriginAddress& origin,
                                          size_t block_size);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void set_user(ConnectionUser* user) { user_ = user; }
  // Interest in readability. Level-triggered: a user that stops reading turns it off.
  void want_read(bool on);
  void want_write(bool on);

  // One read of up to what the current block holds (a new block when it is nearly full).
  ReadResult read();
  // Sends what the socket takes of `bytes`: how many, or -1 with errno set.
  ssize_t send(std::string_view bytes);
  // The outcome of the connect (0 or an errno), once the socket turned writable.
  int connect_error() const;
  // Neither closed by the origin nor holding unread bytes, as far as the socket tells now.
  bool quiet() const;

  // Bytes read and not consumed yet.
  std::string_view input() const;
  void consume(size_t n);
  // A chunk of `bytes` (a view into input()): one that keeps the block alive without a copy
  // when the bytes fill at least half of it, a copy otherwise.
  http::Chunk share(std::string_view bytes) const;
  // Lets go of the input block when nothing unread is in it (an idle connection holds none).
  void release_input();

  bool connected = false;
  size_t responses = 0;  // responses read on it so far
  std::chrono::steady_clock::time_point idle_since;

 private:
  Connection(base::UniqueFd fd, size_t block_size);
  static void on_event(evutil_socket_t fd, short what, void* arg);

  base::UniqueFd fd_;
  EventHandle read_event_;
  EventHandle write_event_;
  bool reading_ = false;
  bool writing_ = false;
  ConnectionUser* user_ = nullptr;
  size_t block_size_;
  std::shared_ptr<char[]> block_;  // chunks handed out share it; bytes once written never change
  size_t begin_ = 0;               // unread bytes are [begin_, end_)
  size_t end_ = 0;
};

}  // namespace core::client
