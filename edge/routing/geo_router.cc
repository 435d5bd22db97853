// GeoRouter: the decisions, and the master playlist rewrite for content steering.
#include "edge/routing/geo_router.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/http/query_param.h"
#include "edge/routing/steering_manifest.h"
#include "manifest/parser.h"
#include "manifest/rewrite.h"
#include "manifest/writer.h"

namespace edge::routing {
namespace {

// Video ids go into the steering URIs as they are: only what needs no escaping.
bool is_video_id(std::string_view id) {
  return !id.empty() && id.size() <= 128 && std::ranges::all_of(id, [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == '-';
  });
}

std::string steer_uri(std::string_view video) {
  return std::string(GeoRouter::kSteerPath) + "?video=" + std::string(video);
}

// The authority of "scheme://authority", split into host and port ("" when none).
std::pair<std::string_view, std::string_view> host_and_port(std::string_view url) {
  std::string_view authority = url.substr(url.find("://") + 3);
  size_t colon = authority.rfind(':');
  if (colon == std::string_view::npos || authority.find(']', colon) != std::string_view::npos) {
    return {authority, ""};
  }
  return {authority.substr(0, colon), authority.substr(colon + 1)};
}

std::string_view scheme(std::string_view url) {
  return url.substr(0, url.find("://"));
}

}  // namespace

std::optional<MasterPolicy> parse_policy(std::string_view text) {
  if (text == "local") return MasterPolicy::kLocal;
  if (text == "redirect") return MasterPolicy::kRedirect;
  if (text == "steer") return MasterPolicy::kSteer;
  return std::nullopt;
}

GeoRouter::GeoRouter(PopTable table, RouterSettings settings, Locate locate,
                     core::metrics::Registry& registry)
    : table_(std::move(table)),
      settings_(settings),
      locate_(std::move(locate)),
      health_(table_.size(), table_.local()),
      metrics_(registry, table_) {}

void GeoRouter::drain(bool on) {
  health_.drain(on);
  metrics_.state(table_.local(), health_.state(table_.local()));
}

proxy::MasterRoute GeoRouter::route_master(const core::http::Request& request,
                                           std::string_view video) {
  if (settings_.policy == MasterPolicy::kLocal || table_.size() < 2) {
    metrics_.master(MasterDecision::kLocal);
    return {};
  }
  // Ids go into the steering URIs as they are: an id that would need escaping stays local.
  if (!is_video_id(video)) {
    metrics_.master(MasterDecision::kLocal);
    return {};
  }
  const std::vector<PopState> states = health_.snapshot();
  std::vector<size_t> order = table_.rank(locate_(request), states);
  if (settings_.policy == MasterPolicy::kSteer) {
    proxy::MasterRoute route;
    route.rewrite = [this, order = std::move(order), path = std::string(request.path()),
                     video = std::string(video)](std::string_view body) {
      std::optional<std::string> steered = add_steering(body, path, video, order);
      metrics_.master(steered ? MasterDecision::kSteer : MasterDecision::kLocal);
      return steered;
    };
    return route;
  }
  const size_t best = order.front();
  const bool redirected_before =
      core::http::query_param(request.query(), kRedirectedParam).has_value();
  if (best == table_.local() || states[best] != PopState::kUp || redirected_before) {
    metrics_.master(MasterDecision::kLocal);
    return {};
  }
  metrics_.master(MasterDecision::kRedirect);
  proxy::MasterRoute route;
  route.location = table_.pop(best).url + request.target +
                   (request.query().empty() && !request.target.ends_with('?') ? "?" : "&") +
                   std::string(kRedirectedParam) + "=" + table_.pop(table_.local()).name;
  return route;
}

std::optional<std::string> GeoRouter::add_steering(std::string_view master, std::string_view path,
                                                   std::string_view video,
                                                   const std::vector<size_t>& order) const {
  auto playlist = manifest::parse_master(master);
  // Not a master playlist the edge can read, or one that steers already: left as it is.
  if (!playlist || playlist->content_steering) return std::nullopt;
  std::vector<manifest::Pathway> pathways;
  for (size_t i : order) {
    const Pop& pop = table_.pop(i);
    if (pop.url.empty()) continue;
    pathways.push_back(manifest::Pathway{pop.name, pop.url + std::string(path)});
  }
  if (pathways.size() < 2) return std::nullopt;
  manifest::add_content_steering(*playlist, steer_uri(video), pathways);
  return manifest::write(*playlist);
}

std::optional<std::string> GeoRouter::steering_manifest(const core::http::Request& request) {
  const std::string_view query = request.query();
  std::optional<std::string> video = core::http::query_param(query, "video");
  if (!video || !is_video_id(*video)) return std::nullopt;
  PlayerReport report;
  report.pathway = core::http::query_param(query, "_HLS_pathway").value_or("");
  if (auto throughput = core::http::query_param(query, "_HLS_throughput")) {
    int64_t value = 0;
    auto [end, error] =
        std::from_chars(throughput->data(), throughput->data() + throughput->size(), value);
    if (error == std::errc() && end == throughput->data() + throughput->size() && value >= 0) {
      report.throughput = value;
    }
  }
  const std::vector<PopState> states = health_.snapshot();
  const std::vector<size_t> order =
      table_.rank(locate_(request), states, report, settings_.min_throughput);

  SteeringManifest manifest;
  manifest.ttl_s = settings_.steering_ttl_s;
  manifest.reload_uri = steer_uri(*video);
  // Players leave a pathway only for one listed before it: PoPs that are not up are left out,
  // unless none is up, when steering has nothing better to say than the ranking.
  for (size_t i : order) {
    if (states[i] == PopState::kUp || states[order.front()] != PopState::kUp) {
      manifest.priority.push_back(table_.pop(i).name);
    }
  }
  // A player whose master predates a PoP still learns it, where a host replacement of this
  // PoP's URIs reaches it (same scheme and port).
  const Pop& local = table_.pop(table_.local());
  for (size_t i = 0; i < table_.size(); ++i) {
    const Pop& pop = table_.pop(i);
    if (i == table_.local() || pop.url.empty() || local.url.empty()) continue;
    auto [host, port] = host_and_port(pop.url);
    if (scheme(pop.url) == scheme(local.url) && port == host_and_port(local.url).second) {
      manifest.clones.push_back(PathwayClone{pop.name, local.name, std::string(host)});
    }
  }
  metrics_.steering_manifest();
  return to_json(manifest);
}

}  // namespace edge::routing
