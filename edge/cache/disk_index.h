// The disk tier's runtime index: every published entry by key, in exact LRU order, in memory,
// so a lookup on a loop never touches LMDB or the disk.
//
// Why one global LRU list under its own mutex: exact LRU across shards would need a global
// clock and a merge at eviction time; the list's critical section is a splice of a few
// pointers, far shorter than the map lookup done before it under the key's shard mutex.
// Lock order: shard, then LRU.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "edge/cache/disk_entry.h"

namespace edge::cache {

using EntryPtr = std::shared_ptr<const DiskEntry>;

class DiskIndex {
 public:
  // An entry with the logical access time it was last used at.
  struct Access {
    EntryPtr entry;
    uint64_t access = 0;
  };

  // The entry of `key`, made the most recently used; null when absent.
  EntryPtr find(std::string_view key);
  // Same, without touching the LRU order.
  EntryPtr peek(std::string_view key) const;
  // Inserts `entry` as the most recently used, replacing any entry of its key; returns the
  // replaced one. `access` (recovery) places it at that logical time instead: entries must then
  // come in increasing access order.
  EntryPtr insert(EntryPtr entry, uint64_t access = 0);
  // Removes the entry of `key`, or only if its id is `id` when `id` is given.
  EntryPtr erase(std::string_view key, uint64_t id = 0);
  std::vector<EntryPtr> erase_prefix(std::string_view prefix);
  // Replaces the head of `key`'s entry keeping its place; returns the new entry or null.
  EntryPtr replace_head(std::string_view key, std::string head);
  // Removes least recently used entries until at most `target_bytes` remain.
  std::vector<EntryPtr> evict_to(uint64_t target_bytes);
  // Entries used since the last call, with their latest access time (to persist recency).
  std::vector<Access> take_touched();
  // The logical clock's next value: what a record written now stores as its last access.
  uint64_t now() const;
  // Every key from least to most recently used (tests and diagnostics).
  std::vector<std::string> keys_by_recency() const;

  uint64_t bytes() const;
  uint64_t count() const;

 private:
  struct Node {
    EntryPtr entry;
    uint64_t access = 0;
    size_t touched_slot = kNotTouched;  // index in touched_, kNotTouched when not in it
  };
  static constexpr size_t kNotTouched = ~size_t{0};
  using Lru = std::list<Node>;
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
  };
  using Map = std::unordered_map<std::string, Lru::iterator, Hash, std::equal_to<>>;
  struct Shard {
    mutable std::mutex mutex;
    Map map;
  };
  static constexpr size_t kShards = 16;

  Shard& shard_of(std::string_view key);
  const Shard& shard_of(std::string_view key) const;
  // Under lru_mutex_: unlinks `node` from the LRU and the touched list.
  void unlink_locked(Lru::iterator node);
  void touch_locked(Lru::iterator node);

  std::array<Shard, kShards> shards_;
  mutable std::mutex lru_mutex_;
  Lru lru_;  // front: most recently used
  std::vector<Lru::iterator> touched_;
  uint64_t clock_ = 1;
  uint64_t bytes_ = 0;
  uint64_t count_ = 0;
};

}  // namespace edge::cache
