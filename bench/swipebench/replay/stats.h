// The results of a run: the viewers' samples summed into the figures the report shows.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bench/swipebench/replay/viewer_stats.h"

namespace swipebench::replay {

// The q-quantile (0..1) of `values` by the nearest-rank method; nullopt when empty.
std::optional<double> percentile(std::vector<double> values, double q);

// The ACM MM'22 short-video grand challenge QoE, per viewer and summed:
//   QoE = sum(bitrate) - 1.85 x rebuffer - smoothness - 0.5 x downloaded
// bitrate: Mbit/s of each played segment x seconds of media it played; rebuffer: seconds of
// stall (media time, so --speed does not change it); smoothness: sum of |Mbit/s change|
// between consecutive played segments; downloaded: megabits of every body received (prefetch
// included, as the challenge charges bandwidth).
struct Qoe {
  double bitrate = 0;
  double rebuffer_s = 0;
  double smoothness = 0;
  double downloaded_mbit = 0;
  double score() const { return bitrate - 1.85 * rebuffer_s - smoothness - 0.5 * downloaded_mbit; }
};

// Edge counters scraped from /metrics before and after the run (the difference).
struct EdgeFigures {
  bool scraped = false;
  std::string error;                    // why not, when !scraped
  std::map<std::string, double> delta;  // family name -> sum over its series
};

struct HitBucket {
  int64_t start_ms = 0;
  uint64_t first_segments = 0;
  uint64_t hits = 0;
};

// Interaction events posted to the origin (POST /api/events).
struct EventCounts {
  uint64_t sent = 0;     // accepted by the origin
  uint64_t refused = 0;  // in batches the origin refused, or that never got an answer
};

struct RunResults {
  std::string target;
  std::string protocol;  // "h1" or "h2"
  double speed = 1;
  int prefetch = 0;
  int64_t viewers = 0;
  int64_t swipes = 0;
  int64_t started = 0;  // swipes whose first segment arrived
  EventCounts events;
  std::optional<double> start_p50, start_p95, start_p99;
  int64_t stalls = 0;
  int64_t rebuffer_ms = 0;
  int64_t played_ms = 0;
  uint64_t first_segments = 0;      // first segments fetched from the target (not prefetched)
  uint64_t first_segment_hits = 0;  // of those, X-Cache: HIT
  std::map<std::string, uint64_t> bytes_by_x_cache;
  uint64_t bytes_total = 0;
  uint64_t requests = 0;
  uint64_t prefetch_bytes = 0;
  uint64_t prefetch_wasted_bytes = 0;
  std::array<uint64_t, kErrorKindCount> errors{};
  Qoe qoe;
  double qoe_per_viewer = 0;
  std::vector<HitBucket> hit_buckets;  // 10 s buckets of wall time since the start
  EdgeFigures edge;
  // The schedule: how late swipes started against their plan.
  std::optional<double> lag_p99_ms;
  double lag_max_ms = 0;
  double elapsed_s = 0;
  double planned_s = 0;
  bool fell_behind = false;
};

inline constexpr int64_t kHitBucketMs = 10'000;

// Sums the viewers into `results` (figures above the line of the schedule); `speed` converts
// wall stall time into media time for the QoE.
void summarize(const std::vector<ViewerStats>& viewers, double speed, RunResults& results);

uint64_t error_total(const RunResults& results);

}  // namespace swipebench::replay
