// Listening sockets for the workers: address parsing ("127.0.0.1:8081", "[::1]:8443") and
// sockets bound with SO_REUSEPORT so that every worker has its own and the kernel spreads
// connections between them.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

#include "core/base/unique_handle.h"

namespace core::server {

struct SocketAddress {
  sockaddr_storage storage{};
  socklen_t size = 0;
};

// An IPv4 "a.b.c.d:port" or IPv6 "[addr]:port" literal; the error names the text.
std::expected<SocketAddress, std::string> parse_listen_address(std::string_view text);

// `address` with its port replaced by `port`.
SocketAddress with_port(SocketAddress address, uint16_t port);

// A non-blocking socket bound to `address` (port 0 picks a free one) and listening, with
// SO_REUSEADDR and SO_REUSEPORT. The error names `text` and the system's reason.
std::expected<base::UniqueFd, std::string> open_listen_socket(const SocketAddress& address,
                                                              std::string_view text);

// The local port a socket is bound to, 0 when it cannot be read.
uint16_t bound_port(int fd);

// "ip:port" for IPv4, "[ip]:port" for IPv6, empty for other families.
std::string format_peer(const sockaddr* address);

}  // namespace core::server
