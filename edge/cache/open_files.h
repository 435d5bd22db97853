// Descriptors of the disk tier's recently served objects, kept open (about `capacity` of them,
// the least recently used let go first), as nginx's open_file_cache keeps them: a hit on an
// object whose pages are in the page cache then needs neither open() nor a trip to an I/O
// thread, and its loop sends it at once. An id names one immutable file for the life of the
// cache directory, so a kept descriptor is never stale. Every removal takes an entry out of the
// index before the committer forgets its id and unlinks the file, so an evicted object's space
// is not held past its last reader. Thread-safe: sixteen shards by id, each with its own lock,
// held for a hash lookup and a list splice (no I/O), so that hits on several loops seldom meet;
// recency is kept per shard.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "core/base/unique_handle.h"
#include "core/metrics/registry.h"

namespace edge::cache {

class OpenFiles {
 public:
  using Fd = std::shared_ptr<const core::base::UniqueFd>;
  static constexpr std::size_t kShards = 16;

  // Each shard keeps capacity / kShards descriptors, rounded up. `kept`, when given, follows
  // how many are kept and must outlive this.
  explicit OpenFiles(std::size_t capacity, core::metrics::Gauge* kept = nullptr);

  // Null when `id` is not kept; a kept one becomes its shard's most recently used.
  Fd find(uint64_t id);
  // Keeps `fd` for `id` (replacing one kept already).
  void keep(uint64_t id, Fd fd);
  void forget(uint64_t id);
  std::size_t size() const { return size_.load(std::memory_order_relaxed); }

 private:
  using Order = std::list<std::pair<uint64_t, Fd>>;  // most recently used first
  struct Shard {
    std::mutex mutex;
    Order order;
    std::unordered_map<uint64_t, Order::iterator> by_id;
  };
  Shard& shard_of(uint64_t id) { return shards_[id % kShards]; }
  void count(std::ptrdiff_t change);

  const std::size_t shard_capacity_;
  std::array<Shard, kShards> shards_;
  std::atomic<std::size_t> size_{0};
  core::metrics::Gauge* kept_;
};

// How many descriptors the disk tier keeps: `wanted`, but at most a quarter of the process's
// descriptor limit, so that connections never run short because of it.
std::size_t open_files_capacity(std::size_t wanted);

}  // namespace edge::cache
