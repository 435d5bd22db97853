#include "bench/delay_proxy/proxy_metrics.h"

#include <array>

namespace bench::delay_proxy {
namespace {

using core::metrics::FamilySpec;
using core::metrics::Kind;

constexpr std::array<std::string_view, 1> kRouteLabel = {"route"};
constexpr std::array<std::string_view, 2> kDirectionLabels = {"route", "direction"};

constexpr FamilySpec kOpened{"delayproxy_connections_opened_total", "Client connections accepted.",
                             Kind::kCounter, kRouteLabel};
constexpr FamilySpec kActive{"delayproxy_connections_active", "Client connections open.",
                             Kind::kGauge, kRouteLabel};
constexpr FamilySpec kFailed{"delayproxy_connections_failed_total",
                             "Connections whose target refused, timed out or could not be tried.",
                             Kind::kCounter, kRouteLabel};
constexpr FamilySpec kBytes{"delayproxy_bytes_total", "Bytes forwarded; up is client to target.",
                            Kind::kCounter, kDirectionLabels};
constexpr FamilySpec kBuffered{"delayproxy_buffered_bytes",
                               "Bytes read and not yet written, over all connections.",
                               Kind::kGauge, kDirectionLabels};

DirectionMetrics direction_of(core::metrics::Registry& registry, std::string_view route,
                              Direction direction) {
  return {registry.counter(kBytes, {route, to_string(direction)}),
          registry.gauge(kBuffered, {route, to_string(direction)})};
}

}  // namespace

RouteMetrics RouteMetrics::for_route(core::metrics::Registry& registry, std::string_view route) {
  return {registry.counter(kOpened, {route}), registry.gauge(kActive, {route}),
          registry.counter(kFailed, {route}), direction_of(registry, route, Direction::kUp),
          direction_of(registry, route, Direction::kDown)};
}

}  // namespace bench::delay_proxy
