// A viewer's timeline is a loop: arrive, swipe until the session's length or the window's end,
// maybe come back later.
#include "bench/swipebench/gen/sessions.h"

#include <algorithm>
#include <cmath>

namespace swipebench::gen {

SessionModel SessionModel::from(const GenModel& model) {
  return {.window_ms = static_cast<int64_t>(model.minutes * 60'000),
          .median_swipes = model.session_median_swipes,
          .sigma = model.session_sigma,
          .max_swipes = model.max_session_swipes,
          .return_share = model.return_share,
          .return_gap_min = model.return_gap_min};
}

int64_t draw_session_swipes(const SessionModel& model, Rng& rng) {
  const double swipes = std::round(rng.lognormal(model.median_swipes, model.sigma));
  return std::clamp(static_cast<int64_t>(swipes), int64_t{1}, model.max_swipes);
}

void run_sessions(const SessionModel& model, Rng& rng, const std::function<void()>& session_start,
                  const SwipeFn& swipe) {
  auto ts = static_cast<int64_t>(rng.uniform() * static_cast<double>(model.window_ms));
  while (ts < model.window_ms) {
    session_start();
    const int64_t swipes = draw_session_swipes(model, rng);
    for (int64_t i = 0; i < swipes && ts < model.window_ms; ++i)
      ts += swipe(ts, rng);
    if (!rng.chance(model.return_share)) return;
    ts += static_cast<int64_t>(rng.exponential(model.return_gap_min * 60'000));
  }
}

}  // namespace swipebench::gen
