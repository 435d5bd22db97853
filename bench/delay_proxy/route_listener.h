// One route: its listening socket, its connections and what they share (the link settings,
// the shared link buckets, the counters). Past the connection limit it stops accepting and the
// kernel's backlog holds new clients; a closed connection is freed on the next loop pass, after
// the callback that closed it has returned.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bench/delay_proxy/connection.h"
#include "bench/delay_proxy/loop_handles.h"
#include "bench/delay_proxy/proxy_config.h"
#include "core/base/clock.h"
#include "core/base/unique_handle.h"
#include "core/log/logger.h"
#include "core/metrics/registry.h"
#include "core/server/listen_socket.h"

namespace bench::delay_proxy {

class RouteListener final : public ConnectionHost {
 public:
  // Binds routes[index] of `config`, which outlives the listener, as do the loop, the clock,
  // the log and the registry. The error names the listen address.
  static std::expected<std::unique_ptr<RouteListener>, std::string> open(
      event_base* loop, const core::base::Clock& clock, core::log::Logger& log,
      const ProxyConfig& config, size_t index, core::metrics::Registry& registry);
  ~RouteListener() override;
  RouteListener(const RouteListener&) = delete;
  RouteListener& operator=(const RouteListener&) = delete;

  uint16_t port() const { return port_; }

  void retire(Connection& connection) override;

 private:
  RouteListener(RouteContext context, core::base::UniqueFd listen_fd, uint64_t max_connections,
                std::optional<uint32_t> mark);
  void on_acceptable();
  void accept_one(core::base::UniqueFd client);
  // A socket to where `client` goes, marked and bound as configured, and that address; the
  // error says what failed and why.
  std::expected<std::pair<core::base::UniqueFd, core::server::SocketAddress>, std::string>
  open_target(int client) const;
  void pause_accepting();
  void update_accepting();

  RouteContext context_;
  core::base::UniqueFd listen_fd_;
  uint16_t port_;
  uint64_t max_connections_;
  std::optional<uint32_t> mark_;
  bool accepting_ = false;
  bool paused_ = false;
  std::unordered_map<Connection*, std::unique_ptr<Connection>> live_;
  std::vector<std::unique_ptr<Connection>> retired_;
  Event accept_;
  Event resume_;  // ends a pause after accept() ran out of descriptors
  Event reap_;    // frees the retired connections
};

}  // namespace bench::delay_proxy
