// Swipe traces (DESIGN.md): one row per swipe, as JSON lines or CSV with the same columns,
//   ts_ms, user, region, ip, video, watch_ms, action
// A row means: at ts_ms (from the trace's start) the viewer swipes to `video` and leaves it after
// watch_ms. A trace names videos by id or by popularity rank ("#12": the 12th video of the
// target's catalog), so that a trace made elsewhere replays against any catalog.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace swipebench {

struct SwipeRow {
  int64_t ts_ms = 0;
  std::string user;
  std::string region;  // a region of the origin's feeds; may be empty
  std::string ip;      // the viewer's address for geo routing; may be empty
  std::string video;   // an id, or "#N" with N >= 1
  int64_t watch_ms = 0;
  std::string action = "view";  // view, like, share, comment, follow, skip, report
  bool operator==(const SwipeRow&) const = default;
};

// The popularity rank a video field names ("#12" -> 12); nullopt for an id.
std::optional<int64_t> video_rank(std::string_view video);

// Rows in ts_ms order (ties keep the order they were given in).
struct Trace {
  std::vector<SwipeRow> rows;
};

enum class TraceFormat : uint8_t { kJsonLines, kCsv };

// Bounds against hostile or broken input: a trace past one is refused with an error, never
// truncated. Field sizes are fixed (trace_fields.h).
struct TraceLimits {
  size_t max_line_bytes = 4096;             // one JSON line or CSV record
  size_t max_rows = 10'000'000;             // about 1.5 GB in memory
  size_t max_file_bytes = size_t{2} << 30;  // read_trace only
};

// Reads a trace: CSV when the first non-empty line is the column header, JSON lines otherwise.
// An error names the line and the field ("trace.jsonl:12: watch_ms: not a non-negative
// integer"); rows are sorted by ts_ms.
// JSON lines: ts_ms, user, video and watch_ms are required; region and ip default to "" and
// action to "view"; any other key is an error. CSV: the header names all seven columns, in any
// order; RFC 4180 quoting; LF or CRLF line ends.
std::expected<Trace, std::string> read_trace(const std::string& path,
                                             const TraceLimits& limits = {});
std::expected<Trace, std::string> parse_trace(std::string_view text, std::string_view name,
                                              const TraceLimits& limits = {});

// Writes `trace` in `format`; the error says why the file could not be written.
std::expected<void, std::string> write_trace(const Trace& trace, const std::string& path,
                                             TraceFormat format);
std::string format_trace(const Trace& trace, TraceFormat format);

}  // namespace swipebench
