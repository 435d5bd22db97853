// Per-video watch curves from research data, in one long CSV shape with a header:
//   video,second,value
// one row per video and second, seconds 0, 1, 2, ... in order for each video; the videos'
// first appearance is their popularity rank (the curves carry no popularity).
// - Dashlet (NSDI'23) swipe probabilities: value = probability that a viewer swipes away during
//   second k; the values of a video sum to at most 1, the rest watch to the end.
// - Retention (ACM MM'22 short-video streaming challenge): value = share of viewers still
//   watching at second k, non-increasing; the last value is the share that watches to the end.
// A video's duration is its number of seconds.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace swipebench::convert {

enum class CurveKind : uint8_t { kSwipeProbability, kRetention };

// Where viewers leave a video: leave[k] is the probability of leaving during second k,
// complete the probability of watching to the end.
struct LeaveCurve {
  std::string video;
  std::vector<double> leave;
  double complete = 0;
  int64_t duration_ms() const { return static_cast<int64_t>(leave.size()) * 1000; }
};

// The curves of `text` (named `name` in errors: "NAME:LINE: FIELD: why").
std::expected<std::vector<LeaveCurve>, std::string> parse_curves(std::string_view text,
                                                                 std::string_view name,
                                                                 CurveKind kind);

}  // namespace swipebench::convert
