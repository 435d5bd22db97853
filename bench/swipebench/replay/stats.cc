// summarize(): one pass over the viewers' samples; percentiles by nearest rank, as Prometheus
// users and most load testers (wrk, k6) read p99.
#include "bench/swipebench/replay/stats.h"

#include <algorithm>
#include <cmath>

namespace swipebench::replay {

std::string_view to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kConnect:
      return "connect";
    case ErrorKind::kTimeout:
      return "timeout";
    case ErrorKind::kReset:
      return "reset";
    case ErrorKind::kBadResponse:
      return "bad_response";
    case ErrorKind::kNotFound:
      return "not_found";
    case ErrorKind::kHttp4xx:
      return "http_4xx";
    case ErrorKind::kHttp5xx:
      return "http_5xx";
    case ErrorKind::kBadPlaylist:
      return "bad_playlist";
    case ErrorKind::kUnresolved:
      return "unresolved";
  }
  return "unknown";
}

std::optional<double> percentile(std::vector<double> values, double q) {
  if (values.empty()) return std::nullopt;
  std::ranges::sort(values);
  auto rank = static_cast<size_t>(std::ceil(q * static_cast<double>(values.size())));
  return values[std::clamp<size_t>(rank, 1, values.size()) - 1];
}

void summarize(const std::vector<ViewerStats>& viewers, double speed, RunResults& r) {
  std::vector<double> latencies;
  r.viewers = static_cast<int64_t>(viewers.size());
  std::map<int64_t, HitBucket> buckets;
  for (const ViewerStats& v : viewers) {
    for (const SwipeSample& s : v.swipes) {
      ++r.swipes;
      if (s.start_latency_ms) {
        ++r.started;
        latencies.push_back(static_cast<double>(*s.start_latency_ms));
      }
      r.stalls += s.stalls;
      r.rebuffer_ms += s.rebuffer_ms;
      r.played_ms += s.played_ms;
      r.qoe.bitrate += s.bitrate_term;
      r.qoe.smoothness += s.smoothness_term;
      r.qoe.rebuffer_s += static_cast<double>(s.rebuffer_ms) * speed / 1000.0;
    }
    for (const auto& [at, hit] : v.first_segment_hits) {
      ++r.first_segments;
      r.first_segment_hits += hit ? 1 : 0;
      HitBucket& b = buckets[at / kHitBucketMs];
      b.start_ms = at / kHitBucketMs * kHitBucketMs;
      ++b.first_segments;
      b.hits += hit ? 1 : 0;
    }
    for (const auto& [source, bytes] : v.bytes_by_x_cache)
      r.bytes_by_x_cache[source] += bytes;
    r.bytes_total += v.bytes_total;
    r.requests += v.requests;
    r.prefetch_bytes += v.prefetch_bytes;
    r.prefetch_wasted_bytes += v.prefetch_wasted_bytes;
    for (size_t i = 0; i < kErrorKindCount; ++i)
      r.errors[i] += v.errors[i];
  }
  r.qoe.downloaded_mbit = static_cast<double>(r.bytes_total) * 8 / 1e6;
  r.qoe_per_viewer = viewers.empty() ? 0 : r.qoe.score() / static_cast<double>(viewers.size());
  r.start_p50 = percentile(latencies, 0.50);
  r.start_p95 = percentile(latencies, 0.95);
  r.start_p99 = percentile(latencies, 0.99);
  for (auto& [index, bucket] : buckets)
    r.hit_buckets.push_back(bucket);
}

uint64_t error_total(const RunResults& results) {
  uint64_t total = 0;
  for (uint64_t n : results.errors)
    total += n;
  return total;
}

}  // namespace swipebench::replay
