// What every feed request reads without asking Redis: the catalog of ready videos, the
// counters of every video and the regional trending lists, refreshed in the background
// (refresher.h) and published as one immutable snapshot shared by the workers.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "origin/rank/catalog.h"
#include "origin/rank/video_stats.h"

namespace origin::feed {

using TrendingList = std::vector<std::pair<std::string, double>>;  // best first
using IndexedTrending = std::vector<std::pair<rank::VideoIndex, double>>;
// The trending of every region together; not a valid region name, so never a region's.
inline const std::string kAllRegions = "*";

struct FeedSnapshot {
  std::shared_ptr<const rank::Catalog> catalog =
      std::make_shared<rank::Catalog>(std::vector<rank::VideoInfo>{});
  // By catalog index; a video nobody watched has every counter at zero.
  std::shared_ptr<const std::vector<rank::VideoStats>> stats =
      std::make_shared<std::vector<rank::VideoStats>>();
  std::shared_ptr<const std::unordered_map<std::string, TrendingList>> trending =
      std::make_shared<std::unordered_map<std::string, TrendingList>>();
  // The same lists resolved to this catalog's indexes (what rank_feed reads).
  std::shared_ptr<const std::unordered_map<std::string, IndexedTrending>> trending_indexed =
      std::make_shared<std::unordered_map<std::string, IndexedTrending>>();
  bool redis_ok = false;  // the last refresh reached Redis

  const rank::VideoStats* stats_of(rank::VideoIndex index) const {
    if (index >= stats->size()) return nullptr;
    const rank::VideoStats& s = (*stats)[index];
    return s.views == 0 && s.likes == 0 && s.reports == 0 ? nullptr : &s;
  }
  const TrendingList& trending_in(const std::string& region) const;
  const IndexedTrending& trending_indexed_in(const std::string& region) const;
};

// The current snapshot; any thread.
class SnapshotBoard {
 public:
  std::shared_ptr<const FeedSnapshot> current() const {
    std::lock_guard lock(mutex_);
    return current_;
  }
  void publish(std::shared_ptr<const FeedSnapshot> snapshot) {
    std::lock_guard lock(mutex_);
    current_ = std::move(snapshot);
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const FeedSnapshot> current_ = std::make_shared<FeedSnapshot>();
};

}  // namespace origin::feed
