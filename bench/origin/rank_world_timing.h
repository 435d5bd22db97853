// rank_world's timing print: rank_feed for a well-known viewer over a large synthetic catalog.
#pragma once

#include <cstddef>

namespace origin::rank::synthetic {

struct FeedTiming {
  std::size_t videos = 0;
  std::size_t candidates = 0;  // FeedPolicy::max_candidates
  double personalised_us = 0;  // mean per call
  double cold_us = 0;
};

// Times `calls` feeds of `count` items over a catalog of `videos` videos.
FeedTiming time_feeds(std::size_t videos, std::size_t count, int calls);

}  // namespace origin::rank::synthetic
