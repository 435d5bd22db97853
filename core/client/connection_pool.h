// Internal to core/client: one origin's connections on one worker. Idle connections wait in a
// LIFO stack (the most recently used is the warmest and the least likely to have been closed
// by the origin); while idle, any byte or close from the origin drops them.
#pragma once

#include <sys/socket.h>

#include <memory>
#include <optional>
#include <vector>

#include "core/base/unique_handle.h"
#include "core/client/client_metrics.h"
#include "core/client/origin_client.h"
#include "core/client/origin_url.h"
#include "core/http1/limits.h"

struct bufferevent;
struct event_base;

namespace core::client {

void free_bufferevent(bufferevent* bev);
using BuffereventHandle = base::UniqueHandle<bufferevent, free_bufferevent>;

// A TCP connection to the origin; closing it is freeing it.
struct Connection {
  BuffereventHandle bev;
  bool connected = false;
  size_t responses = 0;  // responses read on it so far
};

class ConnectionPool {
 public:
  ConnectionPool(event_base* loop, OriginAddress origin, const OriginOptions& options,
                 metrics::Registry* registry);
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  event_base* loop() const { return loop_; }
  const OriginAddress& origin() const { return origin_; }
  const OriginOptions& options() const { return options_; }
  const http1::Limits& limits() const { return limits_; }
  // Null when the client was made without a registry.
  ClientMetrics* metrics() { return metrics_ ? &*metrics_ : nullptr; }

  // The most recent idle connection still open, or nullptr. Its callbacks are cleared and
  // reading is disabled: the caller installs its own.
  std::unique_ptr<Connection> take_idle();
  // Starts a connection to the origin; nullptr when no socket could be made. The connect
  // result arrives in the event callback the caller installs right after.
  std::unique_ptr<Connection> open();
  // Keeps a connection whose last response was read completely and that may stay open.
  void give_back(std::unique_ptr<Connection> connection);
  size_t idle_count() const { return idle_.size(); }

  void count(ConnectionEvent event) {
    if (metrics_) metrics_->connection(event);
  }

 private:
  static void on_idle_read(bufferevent* bev, void* ctx);
  static void on_idle_event(bufferevent* bev, short what, void* ctx);
  void drop_idle(bufferevent* bev);

  event_base* loop_;
  OriginAddress origin_;
  OriginOptions options_;
  http1::Limits limits_;
  std::optional<ClientMetrics> metrics_;
  std::vector<std::unique_ptr<Connection>> idle_;  // back() is the most recently used
};

}  // namespace core::client
