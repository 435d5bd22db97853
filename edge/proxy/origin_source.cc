// OriginSource: one client per origin, the ring, and the health of each origin as this
// worker has seen it (workers share nothing, so each learns on its own).
#include "edge/proxy/origin_source.h"

#include <algorithm>

#include "core/client/origin_url.h"
#include "edge/proxy/origin_fetch.h"

namespace edge::proxy {

std::string_view to_string(SourceError error) {
  switch (error) {
    case SourceError::kUnavailable:
      return "unavailable";
    case SourceError::kTimeout:
      return "timeout";
    case SourceError::kBadResponse:
      return "bad_response";
    case SourceError::kTruncated:
      return "truncated";
  }
  return "unavailable";
}

std::expected<std::unique_ptr<OriginSource>, std::string> OriginSource::create(
    event_base* loop, const ProxyConfig& config, const core::base::Clock& clock,
    ProxyMetrics& metrics, core::metrics::Registry* registry) {
  if (config.origins.empty()) return std::unexpected("no origin configured");
  std::vector<Origin> origins;
  for (const std::string& url : config.origins) {
    if (auto parsed = core::client::parse_origin_url(url); !parsed) {
      return std::unexpected("origin \"" + url + "\": " + parsed.error());
    }
    auto client = core::client::OriginClient::create(loop, url, config.client, registry);
    if (!client) return std::unexpected("origin \"" + url + "\": cannot create a client");
    origins.push_back(
        Origin{std::move(client), OriginHealth(config.failures_before_down, config.down_time)});
  }
  return std::unique_ptr<OriginSource>(
      new OriginSource(loop, config, clock, metrics, std::move(origins), config.origins));
}

OriginSource::OriginSource(event_base* loop, const ProxyConfig& config,
                           const core::base::Clock& clock, ProxyMetrics& metrics,
                           std::vector<Origin> origins, std::span<const std::string> names)
    : loop_(loop),
      config_(config),
      clock_(clock),
      metrics_(metrics),
      origins_(std::move(origins)),
      ring_(names, config.virtual_nodes) {}

std::unique_ptr<ObjectFetch> OriginSource::start(const ObjectRequest& request,
                                                 ObjectObserver& observer) {
  return std::make_unique<OriginFetch>(*this, request, observer);
}

size_t OriginSource::pick(std::string_view video, std::span<const size_t> tried) const {
  const std::vector<size_t> order = ring_.order(video);
  const auto now = clock_.now();
  auto was_tried = [&](size_t origin) {
    return std::find(tried.begin(), tried.end(), origin) != tried.end();
  };
  for (size_t origin : order) {
    if (origins_[origin].health.up(now) && !was_tried(origin)) return origin;
  }
  for (size_t origin : order) {
    if (origins_[origin].health.up(now)) return origin;
  }
  for (size_t origin : order) {
    if (!was_tried(origin)) return origin;
  }
  return order.front();
}

void OriginSource::record(size_t origin, std::optional<core::client::FetchError> failure) {
  OriginHealth& health = origins_[origin].health;
  if (!failure) {
    health.record_success();
    return;
  }
  const bool counts = *failure == core::client::FetchError::kConnect ||
                      *failure == core::client::FetchError::kTimeout;
  if (counts && health.record_failure(clock_.now())) metrics_.marked_down(origin);
}

}  // namespace edge::proxy
