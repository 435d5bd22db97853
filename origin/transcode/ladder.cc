// Ladder fitting and the segment schedule; see ladder.h.
#include "origin/transcode/ladder.h"

#include <algorithm>
#include <cmath>

#include "origin/transcode/input.h"

namespace origin::transcode {
namespace {

constexpr int kMinShortSide = 16;

int even_round(double value) {
  return std::max(2, static_cast<int>(std::lround(value / 2.0)) * 2);
}

int64_t to_ticks(double seconds) {
  return std::llround(seconds * kTicksPerSecond);
}

}  // namespace

std::expected<std::vector<PlannedRendition>, TranscodeError> plan_ladder(
    const SourceInfo& source, const LadderConfig& config) {
  if (config.ladder.empty()) return std::unexpected(internal_error("the ladder is empty"));
  for (const Rendition& rung : config.ladder) {
    if (rung.name.empty() || rung.height < kMinShortSide || rung.video_bitrate <= 0) {
      return std::unexpected(internal_error("bad ladder rung \"" + rung.name + "\""));
    }
  }
  bool landscape = source.width >= source.height;
  int short_side = landscape ? source.height : source.width;
  int long_side = landscape ? source.width : source.height;
  if (short_side < kMinShortSide) return std::unexpected(bad_input("video is too small"));

  auto fit = [&](const std::string& name, int short_out, int64_t bitrate) {
    int even_short = short_out / 2 * 2;
    int long_out = even_round(static_cast<double>(long_side) * even_short / short_side);
    PlannedRendition out{name, landscape ? long_out : even_short, landscape ? even_short : long_out,
                         bitrate};
    return out;
  };
  std::vector<Rendition> rungs = config.ladder;
  std::ranges::stable_sort(rungs, {}, &Rendition::height);
  std::vector<PlannedRendition> planned;
  for (const Rendition& rung : rungs) {
    if (rung.height <= short_side)
      planned.push_back(fit(rung.name, rung.height, rung.video_bitrate));
  }
  if (planned.empty()) {
    planned.push_back(
        fit(std::to_string(short_side / 2 * 2) + "p", short_side, rungs.front().video_bitrate));
  }
  return planned;
}

SegmentSchedule::SegmentSchedule(const LadderConfig& config)
    : step_(std::max<int64_t>(to_ticks(config.segment_seconds), kTicksPerSecond / 10)) {
  int64_t at = 0;
  starts_.push_back(0);
  for (double seconds : config.bootstrap_segments) {
    at += std::max<int64_t>(to_ticks(seconds), kTicksPerSecond / 10);
    starts_.push_back(at);
  }
}

int64_t SegmentSchedule::boundary(size_t k) const {
  if (k < starts_.size()) return starts_[k];
  return starts_.back() + static_cast<int64_t>(k - starts_.size() + 1) * step_;
}

double SegmentSchedule::longest_seconds() const {
  int64_t longest = step_;
  for (size_t k = 1; k < starts_.size(); ++k)
    longest = std::max(longest, starts_[k] - starts_[k - 1]);
  return static_cast<double>(longest) / kTicksPerSecond;
}

}  // namespace origin::transcode
