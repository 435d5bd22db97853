#include "bench/swipebench/report/json_report.h"

#include <nlohmann/json.hpp>

#include "bench/swipebench/report/table_report.h"

namespace swipebench::report {
namespace {

nlohmann::json optional(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

std::string format_json(const replay::RunResults& r,
                        const std::vector<replay::ViewerStats>& viewers) {
  using nlohmann::json;
  json errors = json::object();
  for (size_t i = 0; i < replay::kErrorKindCount; ++i)
    errors[std::string(replay::to_string(static_cast<replay::ErrorKind>(i)))] = r.errors[i];
  json buckets = json::array();
  for (const replay::HitBucket& b : r.hit_buckets)
    buckets.push_back(
        {{"start_s", b.start_ms / 1000}, {"first_segments", b.first_segments}, {"hits", b.hits}});
  json samples = json::array();
  for (const replay::ViewerStats& v : viewers) {
    json swipes = json::array();
    for (const replay::SwipeSample& s : v.swipes)
      swipes.push_back(
          {{"video", s.video},
           {"swipe_ms", s.swipe_ms},
           {"start_latency_ms", s.start_latency_ms ? json(*s.start_latency_ms) : json(nullptr)},
           {"first_x_cache", s.first_x_cache},
           {"stalls", s.stalls},
           {"rebuffer_ms", s.rebuffer_ms},
           {"played_ms", s.played_ms},
           {"switches", s.switches}});
    samples.push_back({{"user", v.user},
                       {"bytes", v.bytes_total},
                       {"requests", v.requests},
                       {"prefetch_bytes", v.prefetch_bytes},
                       {"prefetch_wasted_bytes", v.prefetch_wasted_bytes},
                       {"swipes", std::move(swipes)}});
  }
  json edge = json::object();
  edge["scraped"] = r.edge.scraped;
  if (!r.edge.scraped) edge["error"] = r.edge.error;
  json delta = json::object();
  for (const auto& [name, value] : r.edge.delta) {
    if (value != 0) delta[name] = value;
  }
  edge["delta"] = std::move(delta);
  json out = {
      {"target", r.target},
      {"protocol", r.protocol},
      {"speed", r.speed},
      {"prefetch", r.prefetch},
      {"viewers", r.viewers},
      {"swipes", r.swipes},
      {"started", r.started},
      {"start_latency_ms",
       {{"p50", optional(r.start_p50)},
        {"p95", optional(r.start_p95)},
        {"p99", optional(r.start_p99)}}},
      {"stalls", r.stalls},
      {"rebuffer_ms", r.rebuffer_ms},
      {"played_ms", r.played_ms},
      {"first_segments", r.first_segments},
      {"first_segment_hits", r.first_segment_hits},
      {"first_segment_hit_ratio",
       r.first_segments
           ? json(static_cast<double>(r.first_segment_hits) / static_cast<double>(r.first_segments))
           : json(nullptr)},
      {"bytes_total", r.bytes_total},
      {"bytes_by_x_cache", r.bytes_by_x_cache},
      {"requests", r.requests},
      {"events", {{"sent", r.events.sent}, {"refused", r.events.refused}}},
      {"prefetch_bytes", r.prefetch_bytes},
      {"prefetch_wasted_bytes", r.prefetch_wasted_bytes},
      {"origin_offload", origin_offload(r)},
      {"qoe",
       {{"score", r.qoe.score()},
        {"per_viewer", r.qoe_per_viewer},
        {"bitrate", r.qoe.bitrate},
        {"rebuffer_s", r.qoe.rebuffer_s},
        {"smoothness", r.qoe.smoothness},
        {"downloaded_mbit", r.qoe.downloaded_mbit}}},
      {"errors", std::move(errors)},
      {"error_total", replay::error_total(r)},
      {"hit_ratio_over_time", std::move(buckets)},
      {"edge", std::move(edge)},
      {"schedule",
       {{"lag_p99_ms", optional(r.lag_p99_ms)},
        {"lag_max_ms", r.lag_max_ms},
        {"elapsed_s", r.elapsed_s},
        {"planned_s", r.planned_s},
        {"fell_behind", r.fell_behind}}},
      {"viewer_samples", std::move(samples)},
  };
  return out.dump(1) + "\n";
}

}  // namespace swipebench::report
