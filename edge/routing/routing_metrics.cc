// RoutingMetrics: families and the handles on them.
#include "edge/routing/routing_metrics.h"

namespace edge::routing {
namespace {

using core::metrics::FamilySpec;
using core::metrics::Kind;

constexpr std::string_view kDecisionLabels[] = {"decision"};
constexpr std::string_view kPopLabels[] = {"pop"};
constexpr std::string_view kPopStateLabels[] = {"pop", "state"};

constexpr FamilySpec kMasters{"edge_geo_master_requests_total",
                              "Viewers' master playlist requests by what they got (local, "
                              "redirect, steer).",
                              Kind::kCounter, kDecisionLabels};
constexpr FamilySpec kManifests{"edge_steering_manifests_total",
                                "Content steering manifests served (GET /_edge/steer).",
                                Kind::kCounter};
constexpr FamilySpec kCheckFailures{"edge_pop_health_check_failures_total",
                                    "Failed health checks of another PoP's /healthz.",
                                    Kind::kCounter, kPopLabels};
constexpr FamilySpec kStates{"edge_pop_state",
                             "1 for the state (up, draining, down) each PoP is in, as this edge "
                             "sees it; 0 for the others.",
                             Kind::kGauge, kPopStateLabels};

constexpr std::array kAllStates = {PopState::kUp, PopState::kDraining, PopState::kDown};

}  // namespace

std::string_view to_label(MasterDecision decision) {
  switch (decision) {
    case MasterDecision::kLocal:
      return "local";
    case MasterDecision::kRedirect:
      return "redirect";
    case MasterDecision::kSteer:
      return "steer";
  }
  return "local";
}

RoutingMetrics::RoutingMetrics(core::metrics::Registry& registry, const PopTable& table)
    : manifests_(registry.counter(kManifests)) {
  for (size_t i = 0; i < kMasterDecisionCount; ++i) {
    masters_[i] = &registry.counter(kMasters, {to_label(static_cast<MasterDecision>(i))});
  }
  for (size_t pop = 0; pop < table.size(); ++pop) {
    const std::string& name = table.pop(pop).name;
    check_failures_.push_back(&registry.counter(kCheckFailures, {name}));
    std::array<core::metrics::Gauge*, 3> gauges{};
    for (size_t s = 0; s < kAllStates.size(); ++s) {
      gauges[s] = &registry.gauge(kStates, {name, to_label(kAllStates[s])});
    }
    states_.push_back(gauges);
    state(pop, PopState::kUp);
  }
}

void RoutingMetrics::state(size_t pop, PopState state) {
  for (size_t s = 0; s < kAllStates.size(); ++s) {
    states_[pop][s]->set(kAllStates[s] == state ? 1 : 0);
  }
}

}  // namespace edge::routing
