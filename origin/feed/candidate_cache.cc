// CandidateCache: sharded LRU maps; a stale entry is dropped when found stale.
#include "origin/feed/candidate_cache.h"

#include <functional>

namespace origin::feed {

CandidateCache::Shard& CandidateCache::shard_of(const std::string& user) {
  return shards_[std::hash<std::string>{}(user) % kShards];
}

std::shared_ptr<const CachedFeed> CandidateCache::find(const std::string& user, int64_t epoch,
                                                       const std::string& region,
                                                       const rank::Catalog* catalog) {
  Shard& shard = shard_of(user);
  std::lock_guard lock(shard.mutex);
  auto it = shard.entries.find(user);
  if (it == shard.entries.end()) return nullptr;
  const CachedFeed& feed = *it->second.feed;
  if (feed.epoch != epoch || feed.region != region || feed.catalog.get() != catalog) {
    shard.order.erase(it->second.position);
    shard.entries.erase(it);
    return nullptr;
  }
  shard.order.splice(shard.order.begin(), shard.order, it->second.position);
  return it->second.feed;
}

void CandidateCache::put(const std::string& user, std::shared_ptr<const CachedFeed> feed) {
  Shard& shard = shard_of(user);
  std::lock_guard lock(shard.mutex);
  if (auto it = shard.entries.find(user); it != shard.entries.end()) {
    it->second.feed = std::move(feed);
    shard.order.splice(shard.order.begin(), shard.order, it->second.position);
    return;
  }
  shard.order.push_front(user);
  shard.entries.emplace(user, Shard::Slot{std::move(feed), shard.order.begin()});
  if (shard.entries.size() > per_shard_) {
    shard.entries.erase(shard.order.back());
    shard.order.pop_back();
  }
}

}  // namespace origin::feed
