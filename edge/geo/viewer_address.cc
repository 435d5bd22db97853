// Forwarded wins over X-Forwarded-For when both are present: it is the standard one, and a
// trusted proxy that writes it means the client's address to be read from it.
#include "edge/geo/viewer_address.h"

#include <optional>
#include <vector>

#include "edge/geo/forwarded_chain.h"

namespace edge::geo {

std::string viewer_address(std::string_view peer, const core::http::Headers& headers,
                           const proxy::TrustedProxies& trusted) {
  const std::string_view peer_address = proxy::peer_ip(peer);
  if (!trusted.contains(peer_address)) return std::string(peer_address);

  const auto forwarded = headers.get_combined("forwarded");
  const auto forwarded_for = forwarded ? std::nullopt : headers.get_combined("x-forwarded-for");
  const auto chain = forwarded       ? forwarded_for_nodes(*forwarded)
                     : forwarded_for ? x_forwarded_for_nodes(*forwarded_for)
                                     : std::optional<std::vector<std::string_view>>();
  if (!chain) return std::string(peer_address);

  std::string_view viewer = peer_address;
  for (auto node = chain->rbegin(); node != chain->rend(); ++node) {
    const auto ip = node_ip(*node);
    if (!ip) return std::string(peer_address);
    viewer = *ip;
    if (!trusted.contains(viewer)) break;
  }
  return std::string(viewer);
}

}  // namespace edge::geo
