// Geo routing: where a viewer belongs, and what its master playlist request and its player's
// steering requests get. One instance serves every worker; decisions read the PoPs' states
// without locks.
//
// Policies for a viewer whose nearest PoP that is up is another one:
//   local     the master is served here as the origin made it;
//   redirect  302 to the same path on that PoP (once: a redirected request is never sent on);
//   steer     the master is served here with EXT-X-CONTENT-STEERING and one copy of the ladder
//             per PoP (a pathway each, the viewer's best first), and GET /_edge/steer tells the
//             player, every TTL, which pathway to use as PoPs drain, fail and come back.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/http/message.h"
#include "core/metrics/registry.h"
#include "edge/proxy/proxy_config.h"
#include "edge/routing/pop_health.h"
#include "edge/routing/pop_table.h"
#include "edge/routing/routing_metrics.h"

namespace edge::routing {

enum class MasterPolicy : uint8_t { kLocal, kRedirect, kSteer };
std::optional<MasterPolicy> parse_policy(std::string_view text);

struct RouterSettings {
  MasterPolicy policy = MasterPolicy::kLocal;
  int steering_ttl_s = 10;
  int64_t min_throughput = 0;  // bits/s; see PopTable::rank
};

class GeoRouter {
 public:
  // Where the viewer of a request is; empty fields when unknown.
  using Locate = std::function<Place(const core::http::Request&)>;

  static constexpr std::string_view kSteerPath = "/_edge/steer";
  // Marks a redirected request, so that PoPs whose databases disagree cannot bounce a viewer.
  static constexpr std::string_view kRedirectedParam = "edge_redirect";

  GeoRouter(PopTable table, RouterSettings settings, Locate locate,
            core::metrics::Registry& registry);

  // The request path's seam for master playlists (ProxyConfig::route_master). A steered
  // master is counted when its rewrite is done (a HEAD, an error status or a master the edge
  // cannot read is served as it is).
  proxy::MasterRoute route_master(const core::http::Request& request, std::string_view video);

  // GET /_edge/steer?video=ID[&_HLS_pathway=P][&_HLS_throughput=T]: the steering manifest's
  // JSON, or nullopt when the video id is not one.
  std::optional<std::string> steering_manifest(const core::http::Request& request);

  // Drains this PoP (or ends the drain): viewers are steered and redirected elsewhere.
  void drain(bool on);
  bool draining() const { return health_.draining(); }

  const PopTable& table() const { return table_; }
  PopHealth& health() { return health_; }
  RoutingMetrics& metrics() { return metrics_; }

 private:
  std::optional<std::string> add_steering(std::string_view master, std::string_view path,
                                          std::string_view video,
                                          const std::vector<size_t>& order) const;

  PopTable table_;
  RouterSettings settings_;
  Locate locate_;
  PopHealth health_;
  RoutingMetrics metrics_;
};

}  // namespace edge::routing
