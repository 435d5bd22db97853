// Internal to core/client: one origin's connections on one worker. Idle connections wait in a
// LIFO stack (the most recently used is the warmest and the least likely to have been closed
// by the origin); while idle, any byte or close from the origin drops them.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "core/client/client_metrics.h"
#include "core/client/origin_client.h"
#include "core/client/origin_connection.h"
#include "core/client/origin_url.h"
#include "core/http1/limits.h"

struct event_base;

namespace core::client {

// Beyond one chunk of data, room for what a chunked body may need contiguous to make progress:
// a chunk size line or the whole trailer section.
inline constexpr size_t kFramingSlack = 16 * 1024;

class ConnectionPool final : public ConnectionUser {
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

  // The most recent idle connection still open, or nullptr. It still watches for reading;
  // the caller makes itself its user.
  std::unique_ptr<Connection> take_idle();
  // Starts a connection to the origin; nullptr when no socket could be made. The connect
  // result arrives as writability, to the user the caller sets right after.
  std::unique_ptr<Connection> open();
  // Keeps a connection whose last response was read completely and that may stay open.
  void give_back(std::unique_ptr<Connection> connection);
  size_t idle_count() const { return idle_.size(); }

  void count(ConnectionEvent event) {
    if (metrics_) metrics_->connection(event);
  }

  // ConnectionUser, for the idle connections: an origin has nothing to say on one, so a byte,
  // a close or an error all drop it.
  void on_readable(Connection& connection) override;
  void on_writable(Connection& connection) override;

 private:
  void drop_idle(Connection& connection);

  event_base* loop_;
  OriginAddress origin_;
  OriginOptions options_;
  http1::Limits limits_;
  size_t block_size_;  // a connection's input block: a whole head, or a chunk and its framing
  std::optional<ClientMetrics> metrics_;
  std::vector<std::unique_ptr<Connection>> idle_;  // back() is the most recently used
};

}  // namespace core::client
