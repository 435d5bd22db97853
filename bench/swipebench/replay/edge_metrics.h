// The edge counters a replay reads before and after itself, from the edge's /metrics: what the
// viewers cannot see (origin fetches, bytes by tier, pre-warm bytes and waste).
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace swipebench::replay {

// The families scraped, by their names in edge/ (edge/cache/lookup_metrics.h,
// edge/warm/warm_metrics.cc).
inline constexpr std::string_view kEdgeFamilies[] = {
    "edge_cache_served_bytes_total",   "edge_cache_origin_fetches_total",
    "edge_cache_lookups_total",        "edge_prewarm_fetched_bytes_total",
    "edge_prewarm_wasted_bytes_total", "edge_prewarm_used_total",
    "edge_prewarm_cmcd_total",
};

// Sums every sample of each family (over its labels) in Prometheus text exposition; also
// keeps "family{label="v"}" sums for the labelled ones. Lines that do not parse are skipped.
std::map<std::string, double> parse_exposition(std::string_view text);

}  // namespace swipebench::replay
