// What a proxy changes in the messages it relays (RFC 9110 7.6): hop-by-hop fields removed in
// both directions, Via added, and on requests the X-Forwarded-* fields an origin reads to
// learn who the viewer is.
#pragma once

#include <string>
#include <string_view>

#include "core/http/headers.h"
#include "core/http/message.h"
#include "edge/proxy/trusted_proxies.h"

namespace edge::proxy {

// Removes Connection and every field it names, Keep-Alive, Proxy-*, TE, Trailer,
// Transfer-Encoding and Upgrade.
void remove_hop_by_hop(core::http::Headers& headers);

// Via's received-protocol for a message that came in over `protocol`: "1.0", "1.1" or "2".
std::string_view via_protocol(core::http::Protocol protocol);
// "<protocol> <pop>": this hop's entry in a Via list.
std::string via_hop(std::string_view protocol, std::string_view pop);
// Appends via_hop() to the Via list (one field, earlier hops first).
void append_via(core::http::Headers& headers, std::string_view protocol, std::string_view pop);
// The received-protocol a response's Via names for this hop: the origin's responses come in
// over HTTP/1.1.
inline constexpr std::string_view kResponseViaProtocol = "1.1";

struct ForwardingPolicy {
  std::string_view pop;
  const TrustedProxies& trusted;
};

// The viewer's GET or HEAD as the origin should get it: same method and target; hop-by-hop
// and framing fields removed (and any body, which these methods do not carry); Host left for
// the client to set to the origin's authority; a multi-range or invalid Range stripped;
// X-Forwarded-For ends with the peer's address (an incoming one is kept only from a trusted
// proxy), X-Forwarded-Proto says how the viewer connected (or what a trusted proxy said), and
// Via names this hop.
core::http::Request make_upstream_request(const core::http::Request& viewer,
                                          const ForwardingPolicy& policy);

// The origin's response head as the viewer should get it: hop-by-hop fields removed and Via
// added. For a HEAD request, the origin's Content-Length moves into `content_length` so the
// codec can announce it.
core::http::ResponseHead make_downstream_head(core::http::ResponseHead origin,
                                              std::string_view request_method,
                                              std::string_view pop);

}  // namespace edge::proxy
