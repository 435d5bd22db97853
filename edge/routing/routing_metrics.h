// Geo routing's Prometheus metrics, declared once: what master playlist requests got, steering
// manifests served, and each PoP's state as this edge sees it. Process-wide: decisions happen
// on every worker, health checks on one.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

#include "core/metrics/registry.h"
#include "edge/routing/pop_table.h"

namespace edge::routing {

// What a viewer's master playlist request got, as the `decision` label names it.
enum class MasterDecision : uint8_t {
  kLocal,     // "local": served here as the origin made it
  kRedirect,  // "redirect": 302 to the viewer's PoP
  kSteer,     // "steer": served here with content steering
};
inline constexpr size_t kMasterDecisionCount = 3;
std::string_view to_label(MasterDecision decision);

class RoutingMetrics {
 public:
  RoutingMetrics(core::metrics::Registry& registry, const PopTable& table);
  RoutingMetrics(const RoutingMetrics&) = delete;
  RoutingMetrics& operator=(const RoutingMetrics&) = delete;

  void master(MasterDecision decision) { masters_[static_cast<size_t>(decision)]->inc(); }
  void steering_manifest() { manifests_.inc(); }
  void check_failed(size_t pop) { check_failures_[pop]->inc(); }
  void state(size_t pop, PopState state);

  uint64_t masters(MasterDecision decision) const {
    return masters_[static_cast<size_t>(decision)]->value();
  }

 private:
  std::array<core::metrics::Counter*, kMasterDecisionCount> masters_{};
  core::metrics::Counter& manifests_;
  std::vector<core::metrics::Counter*> check_failures_;
  std::vector<std::array<core::metrics::Gauge*, 3>> states_;  // per PoP, one gauge per state
};

}  // namespace edge::routing
