// Which address stands for the viewer in a geo lookup: the peer's, unless the peer is a
// trusted proxy that reports the client it relays for.
#pragma once

#include <string>
#include <string_view>

#include "core/http/headers.h"
#include "edge/proxy/trusted_proxies.h"

namespace edge::geo {

// The viewer's IP address (no port, no brackets) for a request from `peer` ("192.0.2.1:5",
// "[2001:db8::1]:5", as core::http::Request::peer holds it). When the peer is in `trusted`,
// the chain of Forwarded's for= nodes (or, without Forwarded, of X-Forwarded-For) is walked
// from the right past trusted addresses: the first untrusted one is the viewer, and the
// leftmost one when all are trusted. A malformed or overlong field, or an unknown, obfuscated
// or invalid node met on the walk, leaves the peer's address. Pure; never fails.
std::string viewer_address(std::string_view peer, const core::http::Headers& headers,
                           const proxy::TrustedProxies& trusted);

}  // namespace edge::geo
