// Per-viewer ranked feeds kept in memory between requests, shared by the workers. An entry is
// good while the viewer's epoch (a fingerprint of their profile as read from Redis) is the one
// it was ranked at, for the same region and catalog; any event of the viewer that changes their
// profile invalidates it.
#pragma once

#include <array>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "origin/rank/catalog.h"
#include "origin/rank/feed_ranker.h"

namespace origin::feed {

struct CachedFeed {
  int64_t epoch = 0;
  std::string region;
  std::shared_ptr<const rank::Catalog> catalog;  // the indexes below are into this catalog
  std::vector<rank::RankedItem> items;
};

class CandidateCache {
 public:
  explicit CandidateCache(std::size_t capacity) : per_shard_(capacity / kShards + 1) {}

  // The entry for `user` if it was ranked at `epoch` in `region` over `catalog`.
  std::shared_ptr<const CachedFeed> find(const std::string& user, int64_t epoch,
                                         const std::string& region, const rank::Catalog* catalog);
  void put(const std::string& user, std::shared_ptr<const CachedFeed> feed);

 private:
  static constexpr std::size_t kShards = 16;
  struct Shard {
    std::mutex mutex;
    std::list<std::string> order;  // most recent first
    struct Slot {
      std::shared_ptr<const CachedFeed> feed;
      std::list<std::string>::iterator position;
    };
    std::unordered_map<std::string, Slot> entries;
  };
  Shard& shard_of(const std::string& user);

  std::size_t per_shard_;
  std::array<Shard, kShards> shards_;
};

}  // namespace origin::feed
