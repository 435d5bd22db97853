// LookupMetrics: the label tables and the one-time lookups of every series.
#include "edge/cache/lookup_metrics.h"

namespace edge::cache {

std::string_view to_label(LookupResult result) {
  constexpr std::string_view kLabels[] = {"hit", "miss", "coalesced", "stale", "pass"};
  return kLabels[static_cast<size_t>(result)];
}

std::string_view to_x_cache(LookupResult result) {
  constexpr std::string_view kValues[] = {"HIT", "MISS", "COALESCED", "STALE", "PASS"};
  return kValues[static_cast<size_t>(result)];
}

std::string_view to_label(Tier tier) {
  constexpr std::string_view kLabels[] = {"memory", "disk", "fill"};
  return kLabels[static_cast<size_t>(tier)];
}

std::string_view to_label(FetchKind kind) {
  constexpr std::string_view kLabels[] = {"fill", "revalidate"};
  return kLabels[static_cast<size_t>(kind)];
}

LookupMetrics::LookupMetrics(core::metrics::Registry& registry)
    : hits_at_once(registry.counter(lookup_families::kHitsAtOnce)),
      revalidated(registry.counter(lookup_families::kRevalidated)),
      stale_on_error(registry.counter(lookup_families::kStaleOnError)),
      fills_failed(registry.counter(lookup_families::kFillsFailed)),
      fills_in_flight(registry.gauge(lookup_families::kFillsInFlight)),
      purged(registry.counter(lookup_families::kPurged)),
      memory_objects(registry.gauge(lookup_families::kMemoryObjects)),
      memory_bytes(registry.gauge(lookup_families::kMemoryBytes)),
      memory_budget(registry.gauge(lookup_families::kMemoryBudget)) {
  for (size_t i = 0; i < kLookupResultCount; ++i) {
    lookups_[i] =
        &registry.counter(lookup_families::kLookups, {to_label(static_cast<LookupResult>(i))});
  }
  for (size_t i = 0; i < kFetchKindCount; ++i) {
    fetches_[i] =
        &registry.counter(lookup_families::kOriginFetches, {to_label(static_cast<FetchKind>(i))});
  }
  for (size_t i = 0; i < kTierCount; ++i) {
    served_[i] = &registry.counter(lookup_families::kServedBytes, {to_label(static_cast<Tier>(i))});
  }
}

}  // namespace edge::cache
