// The pre-warm hint, the control plane's message to an edge (POST /_edge/prewarm):
//   {"hint": "h-123", "expires_at": 1763780000,
//    "items": [{"video": "v42", "renditions": ["360p"], "segments": 3, "priority": 0.83}]}
// Each item asks for the first `segments` media segments (with the init segment and the
// playlists that lead to them) of each named rendition of `video`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace prefetch {

struct HintItem {
  std::string video;
  std::vector<std::string> renditions;
  int segments = 0;
  double priority = 0;  // in [0, 1]: higher is warmed first

  bool operator==(const HintItem&) const = default;
};

struct Hint {
  std::string id;
  int64_t expires_at = 0;  // Unix seconds; nothing of the hint starts after it
  std::vector<HintItem> items;

  bool operator==(const Hint&) const = default;
};

// What an edge accepts from one hint. Larger hints are refused whole, never cut.
struct HintLimits {
  std::size_t max_body_bytes = std::size_t{256} * 1024;
  std::size_t max_items = 2'000;
  std::size_t max_renditions = 8;  // per item
  int max_segments = 16;           // per item
};

// A video or rendition name: 1-64 of [A-Za-z0-9._-], not "." or "..": safe as a path segment.
bool is_valid_name(std::string_view name);

// Parses and validates a hint. The error names the first offending field, e.g.
// "items[3].segments: must be an integer in 1..16". The id must be a name (is_valid_name),
// expires_at an integer in 1..253402300799 (year 9999, so its milliseconds fit an int64_t);
// `items` may be empty and unknown fields are ignored.
std::expected<Hint, std::string> parse_hint(std::string_view body, const HintLimits& limits = {});

// The wire form; parse_hint(to_json(h)) == h for every valid hint.
std::string to_json(const Hint& hint);

}  // namespace prefetch
