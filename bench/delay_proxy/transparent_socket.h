// What a transparent route asks of the kernel: the destination a client dialled before a NAT
// redirect brought it here, and a socket to that destination that leaves from the client's own
// address (so the target sees the client, as a geo database must) with a mark that the
// redirect rule lets pass (so the proxy's own connection is not redirected back to it).
#pragma once

#include <cstdint>
#include <expected>

#include "core/server/listen_socket.h"

namespace bench::delay_proxy {

// The address the accepted socket `client` dialled before an nftables `redirect` (or a DNAT)
// rewrote it (SO_ORIGINAL_DST, IPv4 or IPv6). ENOENT when the kernel tracked no such
// connection; ELOOP when the client dialled this listener itself, which would connect the
// proxy to itself. The error is an errno value.
std::expected<core::server::SocketAddress, int> original_destination(int client);

// Binds the unconnected socket `target` to the address `client` connects from, port left to the
// connect (IP_BIND_ADDRESS_NO_PORT), so that the target sees the client's address. Only for a
// client on this host, whose address is local.
std::expected<void, int> bind_to_client_address(int target, int client);

// Sets SO_MARK on `fd`; EPERM without CAP_NET_ADMIN or CAP_NET_RAW.
std::expected<void, int> set_mark(int fd, uint32_t mark);

}  // namespace bench::delay_proxy
