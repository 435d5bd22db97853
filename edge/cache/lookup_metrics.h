// The request side of edge/cache, declared once: how lookups ended, origin fetches the cache
// made, bytes served by tier, stale answers, fills and purges. Process-wide like the tiers.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/metrics/registry.h"

namespace edge::cache {

// How a lookup ended, as the `result` label (and the X-Cache field, upper-cased) names it.
enum class LookupResult : uint8_t {
  kHit,        // "hit": fresh from the memory or disk tier
  kMiss,       // "miss": this request started the origin fetch
  kCoalesced,  // "coalesced": joined a fetch another request started
  kStale,      // "stale": served stale, while revalidating or because the origin failed
  kPass,       // "pass": not cacheable; fetched for this request alone
};
inline constexpr size_t kLookupResultCount = 5;
std::string_view to_label(LookupResult result);
std::string_view to_x_cache(LookupResult result);  // "HIT", "MISS", ...

// Where served body bytes came from, as the `tier` label names it.
enum class Tier : uint8_t { kMemory, kDisk, kFill };
inline constexpr size_t kTierCount = 3;
std::string_view to_label(Tier tier);

// Why an origin fetch of the cache was made, as the `kind` label names it.
enum class FetchKind : uint8_t {
  kFill,        // "fill": a miss
  kRevalidate,  // "revalidate": a conditional request for a stale entry
};
inline constexpr size_t kFetchKindCount = 2;
std::string_view to_label(FetchKind kind);

namespace lookup_families {

inline constexpr std::string_view kResultLabels[] = {"result"};
inline constexpr std::string_view kTierLabels[] = {"tier"};
inline constexpr std::string_view kKindLabels[] = {"kind"};

using core::metrics::FamilySpec;
using core::metrics::Kind;

inline constexpr FamilySpec kLookups{
    "edge_cache_lookups_total",
    "Cacheable requests by how the lookup ended (hit, miss, coalesced, stale, pass).",
    Kind::kCounter, kResultLabels};
inline constexpr FamilySpec kOriginFetches{
    "edge_cache_origin_fetches_total",
    "Origin fetches made by the cache, by kind (fill, revalidate); coalesced requests share one.",
    Kind::kCounter, kKindLabels};
inline constexpr FamilySpec kServedBytes{
    "edge_cache_served_bytes_total",
    "Body bytes answered from the cache, by tier (memory, disk, fill: while arriving).",
    Kind::kCounter, kTierLabels};
inline constexpr FamilySpec kHitsAtOnce{
    "edge_cache_hits_at_once_total",
    "Hits answered at once from a head made when the object was stored (GET of a whole fresh "
    "object of up to 64 KiB in memory); the rest of the hits take an exchange.",
    Kind::kCounter};
inline constexpr FamilySpec kRevalidated{
    "edge_cache_revalidated_total", "Stale entries the origin confirmed with 304.", Kind::kCounter};
inline constexpr FamilySpec kStaleOnError{
    "edge_cache_stale_on_error_total",
    "Stale entries served because the origin failed (stale-if-error).", Kind::kCounter};
inline constexpr FamilySpec kFillsFailed{
    "edge_cache_fills_failed_total",
    "Origin fills that ended without a complete, verified object; nothing was stored.",
    Kind::kCounter};
inline constexpr FamilySpec kFillsInFlight{"edge_cache_fills_in_flight",
                                           "Origin fills in progress.", Kind::kGauge};
inline constexpr FamilySpec kPurged{"edge_cache_purged_total", "Entries removed by purge requests.",
                                    Kind::kCounter};
inline constexpr FamilySpec kMemoryObjects{"edge_cache_memory_objects",
                                           "Objects in the memory tier.", Kind::kGauge};
inline constexpr FamilySpec kMemoryBytes{
    "edge_cache_memory_bytes", "Bytes charged to the memory tier's budget.", Kind::kGauge};
inline constexpr FamilySpec kMemoryBudget{
    "edge_cache_memory_budget_bytes", "The memory tier's budget (--memory-size).", Kind::kGauge};

}  // namespace lookup_families

// Handles on the series, looked up once.
class LookupMetrics {
 public:
  explicit LookupMetrics(core::metrics::Registry& registry);
  LookupMetrics(const LookupMetrics&) = delete;
  LookupMetrics& operator=(const LookupMetrics&) = delete;

  void lookup(LookupResult result) { lookups_[static_cast<size_t>(result)]->inc(); }
  void origin_fetch(FetchKind kind) { fetches_[static_cast<size_t>(kind)]->inc(); }
  void served(Tier tier, uint64_t bytes) { served_[static_cast<size_t>(tier)]->inc(bytes); }
  uint64_t lookups(LookupResult result) const {
    return lookups_[static_cast<size_t>(result)]->value();
  }
  uint64_t origin_fetches(FetchKind kind) const {
    return fetches_[static_cast<size_t>(kind)]->value();
  }
  uint64_t served(Tier tier) const { return served_[static_cast<size_t>(tier)]->value(); }

  core::metrics::Counter& hits_at_once;
  core::metrics::Counter& revalidated;
  core::metrics::Counter& stale_on_error;
  core::metrics::Counter& fills_failed;
  core::metrics::Gauge& fills_in_flight;
  core::metrics::Counter& purged;
  core::metrics::Gauge& memory_objects;
  core::metrics::Gauge& memory_bytes;
  core::metrics::Gauge& memory_budget;

 private:
  std::array<core::metrics::Counter*, kLookupResultCount> lookups_{};
  std::array<core::metrics::Counter*, kFetchKindCount> fetches_{};
  std::array<core::metrics::Counter*, kTierCount> served_{};
};

}  // namespace edge::cache
