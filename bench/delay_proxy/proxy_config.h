// delayproxy's settings as the command line gives them: the routes, and the link model that
// every route applies to its connections.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/log/logger.h"
#include "core/server/listen_socket.h"

namespace bench::delay_proxy {

// Up is client to target (requests), down is target to client (responses).
enum class Direction : uint8_t { kUp, kDown };

inline std::string_view to_string(Direction direction) {
  return direction == Direction::kUp ? "up" : "down";
}

// What one direction of the emulated link does to the bytes that cross it.
struct LinkDirection {
  std::chrono::microseconds delay{0};  // one way
  uint64_t connection_rate = 0;        // bytes per second of each connection; 0: unlimited
  uint64_t route_rate = 0;  // bytes per second shared by a route's connections; 0: unlimited
};

// A transparent route has no target of its own: each connection goes on to the destination
// its client dialled before an nftables redirect sent it here (SO_ORIGINAL_DST).
struct Route {
  std::string listen_text;  // as given, for logs and errors
  core::server::SocketAddress listen;
  std::string target_text;  // empty when transparent
  core::server::SocketAddress target;
  bool transparent = false;
};

struct ProxyConfig {
  std::vector<Route> routes;
  LinkDirection up;
  LinkDirection down;
  uint64_t buffer_bytes = uint64_t{1} << 20;  // per direction of each connection
  uint64_t max_connections = 1024;            // per route
  std::chrono::microseconds connect_timeout = std::chrono::seconds(10);
  // SO_MARK of the sockets to targets, so that a redirect rule can let them pass.
  std::optional<uint32_t> mark;
  std::string port_file;
  std::string metrics_listen_text;
  std::optional<core::server::SocketAddress> metrics_listen;
  std::string log_file;
  core::log::Level log_level = core::log::Level::kInfo;
};

}  // namespace bench::delay_proxy
