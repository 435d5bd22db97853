// A listening socket that is this process's alone. core/server's listeners set SO_REUSEPORT so
// that workers share a port; here that would let two proxies of a fleet script bind the same
// port without an error and split its connections, so a taken port must fail instead.
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "core/base/unique_handle.h"
#include "core/server/listen_socket.h"

namespace bench::delay_proxy {

// A non-blocking socket bound to `address` (port 0 picks a free one) and listening. The error
// names `text` and the system's reason.
std::expected<core::base::UniqueFd, std::string> bind_listener(
    const core::server::SocketAddress& address, std::string_view text);

}  // namespace bench::delay_proxy
