// Watch classes first, then a time within the class, so that the class shares are exactly the
// model's and a test can check them on the rows.
#include "bench/swipebench/gen/watch.h"

#include <algorithm>

namespace swipebench::gen {
namespace {

constexpr int64_t kShortestSkipMs = 300;
constexpr double kCompletionLagMs = 1500;
constexpr double kReplayLow = 0.2;
constexpr double kReplayHigh = 2.0;

}  // namespace

Watch draw_watch(const WatchModel& model, int64_t duration_ms, Rng& rng) {
  const double u = rng.uniform();
  const auto duration = static_cast<double>(duration_ms);
  if (u < model.early_skip)
    return {WatchClass::kEarlySkip, rng.integer(kShortestSkipMs, model.early_skip_max_ms - 1)};
  if (u < model.early_skip + model.partial) {
    const auto floor = static_cast<double>(model.early_skip_max_ms);
    double watch = floor + rng.exponential(model.partial_mean_extra_ms);
    if (watch >= duration) watch = rng.uniform(floor, std::max(floor + 1, duration));
    return {WatchClass::kPartial, static_cast<int64_t>(watch)};
  }
  if (u < model.early_skip + model.partial + model.complete)
    return {WatchClass::kComplete,
            duration_ms + static_cast<int64_t>(rng.uniform(0, kCompletionLagMs))};
  return {WatchClass::kReplay,
          static_cast<int64_t>(duration * (1 + rng.uniform(kReplayLow, kReplayHigh)))};
}

std::string_view draw_action(const ActionRates& rates, WatchClass kind, Rng& rng) {
  if (rng.chance(rates.report)) return "report";
  if (kind == WatchClass::kEarlySkip) return "skip";
  const double like = kind == WatchClass::kPartial ? rates.like : 2 * rates.like;
  double u = rng.uniform();
  for (const auto& [action, rate] : {std::pair<std::string_view, double>{"like", like},
                                     {"share", rates.share},
                                     {"comment", rates.comment},
                                     {"follow", rates.follow}}) {
    if (u < rate) return action;
    u -= rate;
  }
  return "view";
}

}  // namespace swipebench::gen
