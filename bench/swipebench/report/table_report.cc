#include "bench/swipebench/report/table_report.h"

#include <algorithm>
#include <charconv>

namespace swipebench::report {
namespace {

// `value` with `decimals` digits after the point (precision -1: shortest form).
std::string fixed(double value, int decimals) {
  char buffer[64];
  auto result = decimals < 0 ? std::to_chars(buffer, buffer + sizeof buffer, value)
                             : std::to_chars(buffer, buffer + sizeof buffer, value,
                                             std::chars_format::fixed, decimals);
  return std::string(buffer, result.ptr);
}

std::string ms(const std::optional<double>& value) {
  return value ? (fixed(*value, 0) + " ms") : "-";
}

std::string mb(uint64_t bytes) {
  return (fixed(static_cast<double>(bytes) / 1e6, 2) + " MB");
}

double edge(const replay::RunResults& r, const std::string& name) {
  auto it = r.edge.delta.find(name);
  return it == r.edge.delta.end() ? 0 : it->second;
}

}  // namespace

double origin_offload(const replay::RunResults& r) {
  if (r.bytes_total == 0) return 0;
  double origin = edge(r, "edge_prewarm_fetched_bytes_total");
  for (const char* source : {"MISS", "PASS"}) {
    auto it = r.bytes_by_x_cache.find(source);
    if (it != r.bytes_by_x_cache.end()) origin += static_cast<double>(it->second);
  }
  return 1 - origin / static_cast<double>(r.bytes_total);
}

std::vector<std::pair<std::string, std::string>> result_rows(const replay::RunResults& r) {
  std::vector<std::pair<std::string, std::string>> rows;
  auto add = [&rows](std::string k, std::string v) {
    rows.emplace_back(std::move(k), std::move(v));
  };
  add("target", r.target + " (" + r.protocol + ", speed " + (fixed(r.speed, -1)) + ", prefetch " +
                    std::to_string(r.prefetch) + ")");
  add("viewers", std::to_string(r.viewers));
  add("swipes started", std::to_string(r.started) + " of " + std::to_string(r.swipes));
  add("start latency p50/p95/p99",
      ms(r.start_p50) + " / " + ms(r.start_p95) + " / " + ms(r.start_p99));
  add("stalls", std::to_string(r.stalls));
  add("rebuffer time", (fixed(static_cast<double>(r.rebuffer_ms) / 1000, 2) + " s") + " of " +
                           (fixed(static_cast<double>(r.played_ms) / 1000, 1) + " s") + " played");
  add("first-segment hit ratio", r.first_segments == 0
                                     ? "-"
                                     : (fixed(100.0 * static_cast<double>(r.first_segment_hits) /
                                                  static_cast<double>(r.first_segments),
                                              1) +
                                        " %") +
                                           " (" + std::to_string(r.first_segment_hits) + "/" +
                                           std::to_string(r.first_segments) + ")");
  std::string by_source;
  for (const auto& [source, bytes] : r.bytes_by_x_cache)
    by_source += (by_source.empty() ? "" : ", ") + source + " " + mb(bytes);
  add("bytes received", mb(r.bytes_total) + (by_source.empty() ? "" : " (" + by_source + ")"));
  add("requests", std::to_string(r.requests));
  if (r.events.sent + r.events.refused > 0) {
    add("events to the origin", std::to_string(r.events.sent) + " accepted, " +
                                    std::to_string(r.events.refused) + " refused or lost");
  }
  add("client prefetch", mb(r.prefetch_bytes) + ", wasted " + mb(r.prefetch_wasted_bytes));
  if (r.edge.scraped) {
    add("edge warm bytes",
        mb(static_cast<uint64_t>(edge(r, "edge_prewarm_fetched_bytes_total"))) + ", wasted " +
            mb(static_cast<uint64_t>(edge(r, "edge_prewarm_wasted_bytes_total"))));
    add("edge origin fetches", (fixed(edge(r, "edge_cache_origin_fetches_total"), 0)));
    add("origin offload (bytes)", (fixed(100 * origin_offload(r), 1) + " %"));
  } else {
    add("edge metrics", "not scraped: " + r.edge.error);
  }
  add("QoE (MM'22)", (fixed(r.qoe.score(), 1)) + " total, " + (fixed(r.qoe_per_viewer, 2)) +
                         " per viewer (bitrate " + (fixed(r.qoe.bitrate, 1)) + ", rebuffer " +
                         (fixed(r.qoe.rebuffer_s, 1) + " s") + ", smoothness " +
                         (fixed(r.qoe.smoothness, 1)) + ", " +
                         (fixed(r.qoe.downloaded_mbit, 1) + " Mbit") + ")");
  std::string errors;
  for (size_t i = 0; i < replay::kErrorKindCount; ++i) {
    if (r.errors[i] == 0) continue;
    errors += (errors.empty() ? "" : ", ") +
              std::string(replay::to_string(static_cast<replay::ErrorKind>(i))) + " " +
              std::to_string(r.errors[i]);
  }
  add("errors", errors.empty() ? "none" : errors);
  add("schedule", "swipes late by p99 " + ms(r.lag_p99_ms) + ", max " +
                      (fixed(r.lag_max_ms, 0) + " ms") + "; ran " + (fixed(r.elapsed_s, 1) + " s") +
                      " for " + (fixed(r.planned_s, 1) + " s") + " planned" +
                      (r.fell_behind ? "  FELL BEHIND" : ""));
  return rows;
}

std::string format_table(const replay::RunResults& r) {
  auto rows = result_rows(r);
  size_t width = 0;
  for (const auto& [k, v] : rows)
    width = std::max(width, k.size());
  std::string out;
  for (const auto& [k, v] : rows)
    out += k + std::string(width + 2 - k.size(), ' ') + v + "\n";
  return out;
}

}  // namespace swipebench::report
