// Which renditions a source gets and where its segments start: the ladder fitted to the
// source's shape (never upscaled, portrait kept) and the segment boundary schedule shared by
// every rendition, so their keyframes and segments line up.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <vector>

#include "origin/transcode/transcode.h"

namespace origin::transcode {

// Output timestamps count this many ticks a second (the MPEG clock, exact for common rates).
inline constexpr int64_t kTicksPerSecond = 90'000;

struct PlannedRendition {
  std::string name;
  int width = 0;  // as displayed, even
  int height = 0;
  int64_t video_bitrate = 0;
};

// The rungs of config.ladder whose short side fits the source (display size), lowest first,
// each keeping the source's aspect ratio; a bad config or a too-small source is an error.
std::expected<std::vector<PlannedRendition>, TranscodeError> plan_ladder(
    const SourceInfo& source, const LadderConfig& config);

// Segment k starts at the first frame at or after boundary(k) ticks: bootstrap durations
// first, then segment_seconds apart.
class SegmentSchedule {
 public:
  explicit SegmentSchedule(const LadderConfig& config);
  int64_t boundary(size_t k) const;
  // The longest segment the schedule asks for, in seconds.
  double longest_seconds() const;

 private:
  std::vector<int64_t> starts_;  // boundaries of the bootstrap part, from 0
  int64_t step_ = 0;
};

}  // namespace origin::transcode
