// Stage 1 of the viewer feed: a bounded, de-duplicated candidate set gathered from each
// source in turn, each source with its own share of FeedPolicy::max_candidates.
#pragma once

#include <cstdint>
#include <vector>

#include "origin/rank/feed_ranker.h"

namespace origin::rank {

struct Candidate {
  VideoIndex video = 0;
  Source source = Source::kTrending;  // the first source that found it
  bool testing = false;               // in an exposure pool: eligible for exploration slots
  const VideoStats* stats = nullptr;  // null: nobody watched it yet
  int trending_rank = -1;             // position in regional trending, -1 when not trending
  double trending_score = 0;
  double co_watch = 0;  // co-completions summed over the viewer's recent completions
  double score = 0;     // stage 2
};

// Candidates for the viewer, none in viewer->seen, at most policy.max_candidates. A cold viewer
// (`personalised` false) gets trending and exploration entrants only.
std::vector<Candidate> gather_candidates(const FeedInputs& inputs, const FeedPolicy& policy,
                                         bool personalised);

}  // namespace origin::rank
