// What viewers did with a video, as counted from interaction events, and what the ranking
// derives from it: smoothed engagement rates and the video's exposure pool.
#pragma once

#include <cstdint>
#include <vector>

namespace origin::rank {

// Counters of one video (the Redis hash of the video, field for field).
struct VideoStats {
  int64_t views = 0;        // a viewer started it (every watch event counts once)
  int64_t completions = 0;  // watched to the end (watch_ms >= 90% of duration_ms)
  int64_t replays = 0;      // watched past its end (watch_ms > duration_ms)
  int64_t likes = 0;
  int64_t shares = 0;
  int64_t comments = 0;
  int64_t follows = 0;  // the viewer followed the creator from this video
  int64_t skips = 0;    // left within 2 s
  int64_t reports = 0;
  int64_t watch_ms = 0;  // total watch time
};

// Per-view rates, smoothed towards a prior so that 1 view of 1 completion is not a 100% video.
struct Rates {
  double completion = 0;
  double replay = 0;
  double like = 0;
  double share = 0;
  double comment = 0;
  double follow = 0;
  double skip = 0;
  double report = 0;
};
Rates smoothed_rates(const VideoStats& stats);

// Exposure pools: a new video is shown to about 100 viewers through exploration; above about
// 60% completion it is promoted to the next pool (1,000, then 10,000 viewers), below 30% it is
// held where it is and exploration stops showing it. Past the last pool it competes on its
// engagement alone.
enum class PoolState : uint8_t {
  kTesting,   // exploration still shows it to fill its current pool
  kHeld,      // filled a pool below the hold threshold, or stuck between thresholds
  kGraduated  // passed every pool: ranked like any video, no longer explored
};
struct ExposurePool {
  // 0: first pool (about 100 views), 1: about 1,000, 2: about 10,000; sizes.size() once
  // graduated. A pool between the thresholds gets a second look at twice its size first.
  int level = 0;
  PoolState state = PoolState::kTesting;
};
struct PoolPolicy {
  std::vector<int64_t> sizes = {100, 1'000, 10'000};
  double promote_completion = 0.6;
  double hold_completion = 0.3;
};
ExposurePool exposure_pool(const VideoStats& stats, const PoolPolicy& policy);

}  // namespace origin::rank
