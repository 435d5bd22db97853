// Stage 3 of the viewer feed: from scored candidates to feed order, with exploration slots
// and the per-creator diversity rule.
#pragma once

#include <cstdint>
#include <vector>

#include "origin/rank/feed_candidates.h"

namespace origin::rank {

// Whether feed position `position` is an exploration slot: slots are spread evenly at
// `share` of the positions, with a phase drawn from `seed`, so any `n` consecutive positions
// hold floor(n * share) or ceil(n * share) of them.
bool is_exploration_slot(std::size_t position, double share, uint64_t seed);

// A number in [0, 1) from (seed, value), the same for the same pair.
double seeded_unit(uint64_t seed, uint64_t value);

std::vector<RankedItem> rerank(const std::vector<Candidate>& candidates, const Catalog& catalog,
                               const FeedPolicy& policy, std::size_t count, uint64_t seed);

}  // namespace origin::rank
