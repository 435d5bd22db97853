// Swipe survival and the region feed.
//
// The model. A viewer on a clip watches it for a random time, then either swipes on to the
// next clip (probability s, the continue probability) or leaves the session (1 - s). Clip
// watch times are taken as exponential with mean m, so within a horizon of H seconds the
// number of clips a viewer would get through, if they never left, is Poisson with mean H/m.
// Reaching the clip k positions further needs k continuations and k finished clips:
//
//   reach(k, H) = s^k * P(Poisson(H / m) >= k),   reach(0, H) = 1.
//
// Fitting, from a region's watch events: every session ends once, so the share of watch
// events that start a session estimates the leave probability 1 - s; m is the mean watch
// time. Both are smoothed towards priors worth kPriorWatches events (s = 0.9, about ten clips
// a session; m = 8 s), so a quiet region still gets a usable model and a busy one its own.
//
// The region feed. Each active viewer with video v at k positions ahead reaches it with
// reach(k, H), independently of other viewers, so P(someone reaches v) = 1 - prod(1 - reach).
// New sessions arrive as a Poisson process of rate r over the horizon and start at
// trending[0] (a cold feed is regional trending). A session starting at time t reaches
// trending[j] with reach(j, H - t); by Poisson thinning the sessions that reach it are Poisson
// with mean r * integral_0^H reach(j, u) du, so none do with probability exp(-that). The
// integral is taken numerically (midpoint rule). This ignores the exploration slots and the
// diversity rule of cold feeds, which move a few trending videos down by a place or two.
#include "origin/rank/swipe_survival.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>

namespace origin::rank {
namespace {

constexpr double kPriorWatches = 50;
constexpr double kPriorContinue = 0.9;
constexpr double kPriorWatchS = 8;
constexpr double kMinWatchS = 0.1;
constexpr int kIntegralSteps = 32;
constexpr double kNegligible = 1e-12;

double poisson_term(int i, double lambda) {
  return std::exp(i * std::log(lambda) - lambda - std::lgamma(i + 1.0));
}

// P(Poisson(lambda) >= k), summed on the side of k where the terms are few and small, in
// logs so that neither a large lambda nor a large k underflows.
double poisson_at_least(int k, double lambda) {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  if (k > lambda) {
    double above = 0;
    for (int i = k;; ++i) {
      double term = poisson_term(i, lambda);
      above += term;
      if (term < 1e-17 * above || term == 0) break;
    }
    return std::clamp(above, 0.0, 1.0);
  }
  double below = 0;
  for (int i = 0; i < k; ++i)
    below += poisson_term(i, lambda);
  return std::clamp(1 - below, 0.0, 1.0);
}

}  // namespace

SwipeSurvival SwipeSurvival::fit(const SurvivalCounts& counts) {
  double watches = static_cast<double>(std::max<int64_t>(counts.watches, 0));
  double starts = std::clamp(static_cast<double>(counts.session_starts), 0.0, watches);
  double leave = (starts + (1 - kPriorContinue) * kPriorWatches) / (watches + kPriorWatches);
  double watch_s = static_cast<double>(std::max<int64_t>(counts.watch_ms, 0)) / 1000.0;
  double mean_s = (watch_s + kPriorWatchS * kPriorWatches) / (watches + kPriorWatches);
  return SwipeSurvival(std::clamp(1 - leave, 0.0, 1.0), std::max(mean_s, kMinWatchS));
}

double SwipeSurvival::reach_probability(int k, double horizon_s) const {
  if (k <= 0) return 1;
  if (horizon_s <= 0) return 0;
  return std::pow(continue_, k) * poisson_at_least(k, horizon_s / mean_watch_s_);
}

std::vector<RegionItem> rank_region(const RegionInputs& inputs, const SwipeSurvival& model,
                                    std::size_t count) {
  double horizon = std::max(inputs.horizon_s, 0.0);
  std::vector<double> reach;  // reach[k], computed once per distance
  auto reach_at = [&](std::size_t k) {
    while (reach.size() <= k) {
      reach.push_back(model.reach_probability(static_cast<int>(reach.size()), horizon));
    }
    return reach[k];
  };
  // Per video: P(nobody reaches it), multiplied up over viewers and new sessions.
  std::unordered_map<std::string_view, double> missed;
  for (const ActiveViewer& viewer : inputs.viewers) {
    for (std::size_t k = 0; k < viewer.upcoming.size(); ++k) {
      auto [it, added] = missed.try_emplace(viewer.upcoming[k], 1.0);
      it->second *= 1 - reach_at(k);
    }
  }
  double rate = std::max(inputs.new_sessions_per_s, 0.0);
  double step = horizon / kIntegralSteps;
  for (std::size_t j = 0; rate > 0 && j < inputs.trending.size(); ++j) {
    // reach falls with j: past the point where even the whole horizon is not enough, the
    // rest of trending is out of reach.
    if (reach_at(j) < kNegligible) break;
    double integral = 0;
    for (int i = 0; i < kIntegralSteps; ++i) {
      integral += model.reach_probability(static_cast<int>(j), (i + 0.5) * step) * step;
    }
    auto [it, added] = missed.try_emplace(inputs.trending[j], 1.0);
    it->second *= std::exp(-rate * integral);
  }
  std::vector<RegionItem> items;
  items.reserve(missed.size());
  for (const auto& [video, miss] : missed) {
    items.push_back(RegionItem{.video = std::string(video), .p = 1 - miss});
  }
  auto better = [](const RegionItem& a, const RegionItem& b) {
    return a.p != b.p ? a.p > b.p : a.video < b.video;
  };
  std::size_t n = std::min(count, items.size());
  std::partial_sort(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(n), items.end(),
                    better);
  items.resize(n);
  return items;
}

}  // namespace origin::rank
