// The disk tier's runtime index: every published entry by key, in memory, so a lookup on a loop
// never touches LMDB or the disk, and the S3-FIFO queues (Yang et al., SOSP'23) that pick what
// eviction removes.
//
// Why S3-FIFO, not LRU: on a swipe feed most clips are watched once and most viewers leave after
// the first segment, so a cache is mostly crossed by one-hit wonders. S3-FIFO admits new objects
// to a small FIFO (10% of the budget) and keeps only those asked for again; LRU lets every
// one-hit wonder push out an object that was asked for twice. `build/bin/cache_policy_sim`
// (bench/cache) replays a generated swipe trace (2.46 M requests, 286 GB unique) through LRU,
// segmented LRU, S3-FIFO and W-TinyLFU. S3-FIFO's byte hit ratio is 1.25x LRU's with a cache of
// 1% of the unique bytes (29.4% against 23.4%), 1.13x at 3% (37.9% / 33.4%), on par at 10%
// (46.0% / 45.9%); segmented LRU comes second (1.21x, 1.08x, 0.97x), W-TinyLFU third (1.10x,
// 1.00x, 0.85x).
// The other gain: a hit only raises a counter under its key's shard mutex; the FIFO mutex is
// taken by inserts, erasures and eviction, never by a lookup. Lock order: shard, then FIFO.
//
// The queues, by bytes:
// - small: new keys enter at its tail. Eviction takes from it while it holds more than its
//   share, or when main is empty: its head leaves for main's tail if it was found since it
//   came in, else it is evicted and its key remembered by the ghost.
// - main: recovered keys and keys the ghost remembers enter at its tail. Its head is evicted
//   when not found since its last pass, else it goes back to the tail with its count
//   (capped at 3) lowered by one.
// - ghost: hashes of keys evicted from small, oldest forgotten first once their objects' bytes
//   pass main's share of the budget: about as many keys as main holds. Bounded by bytes, not
//   by main's count, because the first evictions after a cold start empty small into a main
//   that is still empty. A hash collision only sends an object to main a round early.
//
// Recency across restarts: each find stamps its entry with a logical access time; the
// committer persists the stamps (take_touched) and recovery inserts entries into main oldest
// first, so after a restart main leaves in the order of last access, as an LRU would, and
// counts start at zero.
#pragma once

#include <array>
#include <atomic>
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
  struct QueueSizes {
    uint64_t small_bytes = 0;
    uint64_t main_bytes = 0;
    uint64_t ghost_keys = 0;
  };
  static constexpr uint8_t kMaxCount = 3;

  // Sizes the small queue's share (10% of `budget_bytes`, the tier's --cache-size) and the
  // ghost's (the other 90%, main's share). Call before the first insert: until then both
  // shares are 0, so eviction always takes from small first and the ghost remembers nothing.
  void set_budget(uint64_t budget_bytes);

  // The entry of `key`, its access counted (count and logical time); null when absent.
  EntryPtr find(std::string_view key);
  // Same, without counting an access.
  EntryPtr peek(std::string_view key) const;
  // Publishes `entry`, returning the entry of its key it replaced, if any. A replaced entry's
  // place is kept and the re-fill counts as an access. A new key enters small, or main when the
  // ghost remembers it. `access` != 0 (recovery) puts it at main's tail with that logical time:
  // entries must then come in increasing access order.
  EntryPtr insert(EntryPtr entry, uint64_t access = 0);
  // Removes the entry of `key`, or only if its id is `id` when `id` is given.
  EntryPtr erase(std::string_view key, uint64_t id = 0);
  std::vector<EntryPtr> erase_prefix(std::string_view prefix);
  // Replaces the head of `key`'s entry keeping its place; returns the new entry or null.
  EntryPtr replace_head(std::string_view key, std::string head);
  // Evicts in S3-FIFO order until at most `target_bytes` remain.
  std::vector<EntryPtr> evict_to(uint64_t target_bytes);
  // Entries used since the last call, with their latest access time (to persist recency).
  std::vector<Access> take_touched();
  // The logical clock's next value: what a record written now stores as its last access.
  uint64_t now() const;
  // Every key in the order eviction would take them if nothing were found or inserted
  // meanwhile, next victim first (tests and diagnostics).
  std::vector<std::string> eviction_order() const;
  QueueSizes queue_sizes() const;

  uint64_t bytes() const;
  uint64_t count() const;

 private:
  enum class Queue : uint8_t { kSmall, kMain };
  struct Node {
    Node(EntryPtr e, uint64_t a, Queue q) : entry(std::move(e)), access(a), queue(q) {}
    EntryPtr entry;                     // written under both mutexes, read under either
    uint64_t access = 0;                // under the shard mutex
    size_t touched_slot = kNotTouched;  // index in the shard's touched list; shard mutex
    // Raised by finds under the shard mutex, lowered by eviction under the FIFO mutex.
    std::atomic<uint8_t> count{0};
    Queue queue;  // under the FIFO mutex
  };
  static constexpr size_t kNotTouched = ~size_t{0};
  using Fifo = std::list<Node>;
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
  };
  using Map = std::unordered_map<std::string, Fifo::iterator, Hash, std::equal_to<>>;
  struct Shard {
    mutable std::mutex mutex;
    Map map;
    std::vector<Fifo::iterator> touched;  // found since the last take_touched()
  };
  static constexpr size_t kShards = 16;
  struct Ghost {
    uint64_t hash;
    uint64_t size;
  };
  using GhostFifo = std::list<Ghost>;

  Shard& shard_of(std::string_view key);
  const Shard& shard_of(std::string_view key) const;
  static void count_access(Node& node);
  Fifo& fifo_of(const Node& node) { return node.queue == Queue::kSmall ? small_ : main_; }
  // Under both mutexes: removes `node` from its queue and its shard's touched list.
  void unlink_locked(Shard& shard, Fifo::iterator node);
  // Under the FIFO mutex: moves found heads along until the head of the queue eviction takes
  // from was not found since its last pass, and returns it; null when both queues are empty.
  EntryPtr next_victim_locked();
  void remember_locked(uint64_t hash, uint64_t size);
  // Under the FIFO mutex: whether the ghost remembered `hash` (and forgets it).
  bool recall_locked(uint64_t hash);

  std::array<Shard, kShards> shards_;
  std::atomic<uint64_t> clock_{1};
  mutable std::mutex fifo_mutex_;
  Fifo small_;  // front: next to leave
  Fifo main_;
  GhostFifo ghost_;
  std::unordered_map<uint64_t, GhostFifo::iterator> ghost_by_hash_;
  uint64_t small_share_ = 0;
  uint64_t ghost_share_ = 0;
  uint64_t small_bytes_ = 0;
  uint64_t main_bytes_ = 0;
  uint64_t ghost_bytes_ = 0;
  uint64_t count_ = 0;
};

}  // namespace edge::cache
