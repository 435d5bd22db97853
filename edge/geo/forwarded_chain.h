// The chain of client addresses that proxies in front of the edge report, as written in
// Forwarded (RFC 7239) and X-Forwarded-For: the viewer's end first, the nearest proxy's peer
// last. Only parsing here; which entries to believe is viewer_address's decision.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace edge::geo {

// Longer chains are refused: no real path crosses that many proxies, and the parse of a
// hostile header stays small.
inline constexpr size_t kMaxChainNodes = 64;

// The for= node of each element of a Forwarded field value (quotes removed, escapes left),
// an empty node for an element without for=; nullopt when the value is malformed or has more
// than kMaxChainNodes elements. The views point into `value`.
std::optional<std::vector<std::string_view>> forwarded_for_nodes(std::string_view value);

// The entries of an X-Forwarded-For field value, empty entries skipped; nullopt when there are
// more than kMaxChainNodes. The views point into `value`.
std::optional<std::vector<std::string_view>> x_forwarded_for_nodes(std::string_view value);

// The IP address of a node: "192.0.2.1", "192.0.2.1:8080", "2001:db8::1", "[2001:db8::1]" or
// "[2001:db8::1]:443" (ports may be obfuscated, "_p1"). nullopt for "unknown", an obfuscated
// identifier ("_hidden") and anything that is not an address.
std::optional<std::string_view> node_ip(std::string_view node);

}  // namespace edge::geo
