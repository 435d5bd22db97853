// The memory tier: hot objects (playlists, init and first segments) as ref-counted buffers
// shared by every worker and viewer; a hit copies nothing. Thread-safe: 16 shards chosen by
// XXH3 of the key, each an exact LRU under its own mutex with a sixteenth of the budget, so
// workers on different keys rarely contend and every critical section is a few pointer moves.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/http/message.h"
#include "core/http/shared_head.h"
#include "edge/cache/freshness.h"

namespace edge::cache {

struct CachedObject {
  core::http::ResponseHead head;
  Freshness freshness;
  std::shared_ptr<const std::string> body;  // never null in the tier
  bool warmed = false;                      // stored by a pre-warm, not by a viewer's miss
  // make_hit_head(head): what a plain GET hit sends, made once; may be null.
  std::shared_ptr<const core::http::SharedHead> hit_head;
};

// The bytes an entry counts against the budget: key, body, header names and values (those of
// the hit head too, and its HTTP/1.1 lines), plus a fixed estimate of the bookkeeping around them.
uint64_t memory_charge(std::string_view key, const CachedObject& object);

class MemoryTier {
 public:
  static constexpr size_t kShards = 16;

  explicit MemoryTier(uint64_t budget_bytes);
  MemoryTier(const MemoryTier&) = delete;
  MemoryTier& operator=(const MemoryTier&) = delete;

  // The object stored under `key`, made most recent in its shard; null when absent.
  std::shared_ptr<const CachedObject> find(std::string_view key);
  // Whether `key` is stored, without making it more recent (a pre-warm's dedupe is no access).
  bool contains(std::string_view key) const;
  // Stores `object` under `key` (replacing an older one), evicting least recent entries of
  // its shard until it fits. False when its charge exceeds budget/16 (such objects stay on
  // disk only) or it has no body: then nothing is stored and any older entry is dropped.
  bool insert(std::string key, std::shared_ptr<const CachedObject> object);
  void erase(std::string_view key);
  // Removes every entry whose key_path() starts with `path_prefix`; returns how many.
  size_t erase_prefix(std::string_view path_prefix);

  // The shard `key` lives in: keys of one shard compete for one sixteenth of the budget.
  static size_t shard_of(std::string_view key);

  struct Stats {
    uint64_t objects = 0;
    uint64_t bytes = 0;  // sum of memory_charge() of the entries
    uint64_t evictions = 0;
    uint64_t budget = 0;
  };
  Stats stats() const;

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const CachedObject> object;
    uint64_t charge = 0;
  };
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view key) const;
  };
  // One exact LRU: most recent at the front of `order`.
  struct Shard {
    mutable std::mutex mutex;
    std::list<Entry> order;
    std::unordered_map<std::string_view, std::list<Entry>::iterator, KeyHash, std::equal_to<>>
        index;  // views into Entry::key, stable while the entry lives
    uint64_t bytes = 0;
    uint64_t evictions = 0;
  };

  Shard& shard_for(std::string_view key);
  static void remove(Shard& shard, std::list<Entry>::iterator it);

  uint64_t budget_;
  uint64_t shard_budget_;
  std::array<Shard, kShards> shards_;
};

}  // namespace edge::cache
