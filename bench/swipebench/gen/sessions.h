// Viewer sessions over the window (gen_model.h, "Sessions"): first arrival uniform in the
// window, lognormal session lengths, returns after exponential gaps. Shared by the generator and
// the converters that sample a viewer population from per-video curves.
#pragma once

#include <cstdint>
#include <functional>

#include "bench/swipebench/gen/gen_model.h"
#include "bench/swipebench/gen/rng.h"

namespace swipebench::gen {

struct SessionModel {
  int64_t window_ms = 0;
  double median_swipes = 12;
  double sigma = 0.8;
  int64_t max_swipes = 300;
  double return_share = 0.3;
  double return_gap_min = 15;

  static SessionModel from(const GenModel& model);
};

// One swipe at `ts_ms`: adds a row and answers its watch_ms (the time to the next swipe).
using SwipeFn = std::function<int64_t(int64_t ts_ms, Rng& rng)>;

// Runs one viewer's sessions with `rng`: `session_start` before each session, `swipe` for each
// swipe that starts inside the window.
void run_sessions(const SessionModel& model, Rng& rng, const std::function<void()>& session_start,
                  const SwipeFn& swipe);

// A session's length in swipes.
int64_t draw_session_swipes(const SessionModel& model, Rng& rng);

}  // namespace swipebench::gen
