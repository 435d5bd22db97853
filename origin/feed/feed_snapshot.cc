// FeedSnapshot::trending_in and trending_indexed_in: a region nobody sent events from yet gets
// every region's list.
#include "origin/feed/feed_snapshot.h"

namespace origin::feed {

const TrendingList& FeedSnapshot::trending_in(const std::string& region) const {
  static const TrendingList kNone;
  if (auto it = trending->find(region); it != trending->end() && !it->second.empty())
    return it->second;
  if (auto it = trending->find(kAllRegions); it != trending->end()) return it->second;
  return kNone;
}

const IndexedTrending& FeedSnapshot::trending_indexed_in(const std::string& region) const {
  static const IndexedTrending kNone;
  if (auto it = trending_indexed->find(region);
      it != trending_indexed->end() && !it->second.empty())
    return it->second;
  if (auto it = trending_indexed->find(kAllRegions); it != trending_indexed->end())
    return it->second;
  return kNone;
}

}  // namespace origin::feed
