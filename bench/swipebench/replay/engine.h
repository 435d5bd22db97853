// The replay itself: plans each viewer's swipes from the trace, resolves "#N" names, scrapes
// the edge's counters, runs every Player on one libevent loop and sums what they felt.
#pragma once

#include <expected>
#include <string>
#include <vector>

#include "bench/swipebench/replay/replay_options.h"
#include "bench/swipebench/replay/stats.h"
#include "bench/swipebench/trace.h"

namespace swipebench::replay {

struct RunOutput {
  RunResults results;
  std::vector<ViewerStats> viewers;
};

// Runs the replay of `trace`. The error is for what prevents a run at all (a target URL that
// is not one, "#N" names without --origin); a target that does not answer is a run whose
// requests fail, counted by kind.
std::expected<RunOutput, std::string> run_replay_engine(const ReplayOptions& options,
                                                        const Trace& trace);

}  // namespace swipebench::replay
