// Smoothed per-view rates and exposure pools, both pure functions of a video's counters.
//
// Smoothing: each rate is (count + prior * kPriorViews) / (views + kPriorViews), the mean of a
// Beta prior worth kPriorViews views. A new video starts at the prior (a typical video) and its
// own counts take over as views accumulate: at 20 views the two weigh the same, at 200 its own
// counts weigh ten times the prior. Priors are typical short-video rates.
#include "origin/rank/video_stats.h"

#include <algorithm>

namespace origin::rank {
namespace {

constexpr double kPriorViews = 20;
constexpr Rates kPrior{.completion = 0.35,
                       .replay = 0.05,
                       .like = 0.04,
                       .share = 0.005,
                       .comment = 0.005,
                       .follow = 0.002,
                       .skip = 0.3,
                       .report = 0.001};

constexpr int64_t kSecondLook = 2;

double smooth(int64_t count, double prior, double views) {
  return (static_cast<double>(std::max<int64_t>(count, 0)) + prior * kPriorViews) /
         (views + kPriorViews);
}

}  // namespace

Rates smoothed_rates(const VideoStats& stats) {
  double views = static_cast<double>(std::max<int64_t>(stats.views, 0));
  return Rates{.completion = smooth(stats.completions, kPrior.completion, views),
               .replay = smooth(stats.replays, kPrior.replay, views),
               .like = smooth(stats.likes, kPrior.like, views),
               .share = smooth(stats.shares, kPrior.share, views),
               .comment = smooth(stats.comments, kPrior.comment, views),
               .follow = smooth(stats.follows, kPrior.follow, views),
               .skip = smooth(stats.skips, kPrior.skip, views),
               .report = smooth(stats.reports, kPrior.report, views)};
}

// A pool is judged once it is full (views >= its size), on the video's completion rate over
// all its views so far: at or above promote_completion it moves to the next pool; below
// hold_completion it is held at once. In between the evidence is inconclusive, so the pool is
// stretched to twice its size (kSecondLook) for a second look, and the video is held if it is
// still in between then. The state is recomputed from the counters on every call, so a held
// video whose later (organic) views lift its rate is promoted then. Past the last pool:
// graduated, with level == sizes.size().
ExposurePool exposure_pool(const VideoStats& stats, const PoolPolicy& policy) {
  ExposurePool pool;
  double completion =
      stats.views > 0 ? static_cast<double>(stats.completions) / static_cast<double>(stats.views)
                      : 0;
  for (std::size_t level = 0; level < policy.sizes.size(); ++level) {
    pool.level = static_cast<int>(level);
    if (stats.views < policy.sizes[level]) {
      pool.state = PoolState::kTesting;
      return pool;
    }
    if (completion >= policy.promote_completion) continue;
    if (completion >= policy.hold_completion && stats.views < kSecondLook * policy.sizes[level]) {
      pool.state = PoolState::kTesting;
      return pool;
    }
    pool.state = PoolState::kHeld;
    return pool;
  }
  pool.level = static_cast<int>(policy.sizes.size());
  pool.state = PoolState::kGraduated;
  return pool;
}

}  // namespace origin::rank
