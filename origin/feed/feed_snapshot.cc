// FeedSnapshot::trending_in: a region nobody sent events from yet gets every region's list.
#include "origin/feed/feed_snapshot.h"

namespace origin::feed {

const TrendingList& FeedSnapshot::trending_in(const std::string& region) const {
  static const TrendingList kNone;
  if (auto it = trending->find(region); it != trending->end() && !it->second.empty())
    return it->second;
  if (auto it = trending->find(kAllRegions); it != trending->end()) return it->second;
  return kNone;
}

}  // namespace origin::feed
