// Stage 2 of the viewer feed: one score per candidate (see feed_scoring.cc for the formula).
#pragma once

#include <vector>

#include "origin/rank/feed_candidates.h"

namespace origin::rank {

// Predicted engagement of a video from its smoothed rates: completion as the unit, stronger
// intents weighted up, skips and reports as strong negatives.
double predicted_engagement(const Rates& rates);

// Sets Candidate::score. A cold viewer's order is regional trending (entrants after it); a
// personalised viewer's is engagement + freshness + affinity.
void score_candidates(std::vector<Candidate>& candidates, const FeedInputs& inputs,
                      const FeedPolicy& policy, bool personalised);

}  // namespace origin::rank
