// OpenFiles: per shard, a list in recency order and a map into it. A descriptor let go is moved
// to a local list declared before the lock, so that it is closed after the lock is released.
#include "edge/cache/open_files.h"

#include <sys/resource.h>

#include <algorithm>

namespace edge::cache {

OpenFiles::OpenFiles(std::size_t capacity, core::metrics::Gauge* kept)
    : shard_capacity_((capacity + kShards - 1) / kShards), kept_(kept) {}

OpenFiles::Fd OpenFiles::find(uint64_t id) {
  Shard& shard = shard_of(id);
  std::lock_guard lock(shard.mutex);
  auto it = shard.by_id.find(id);
  if (it == shard.by_id.end()) return nullptr;
  shard.order.splice(shard.order.begin(), shard.order, it->second);
  return it->second->second;
}

void OpenFiles::keep(uint64_t id, Fd fd) {
  if (shard_capacity_ == 0) return;
  Order released;
  Shard& shard = shard_of(id);
  std::lock_guard lock(shard.mutex);
  if (auto it = shard.by_id.find(id); it != shard.by_id.end()) {
    it->second->second.swap(fd);
    shard.order.splice(shard.order.begin(), shard.order, it->second);
    return;
  }
  shard.order.emplace_front(id, std::move(fd));
  shard.by_id.emplace(id, shard.order.begin());
  count(1);
  if (shard.order.size() > shard_capacity_) {
    shard.by_id.erase(shard.order.back().first);
    released.splice(released.begin(), shard.order, std::prev(shard.order.end()));
    count(-1);
  }
}

void OpenFiles::forget(uint64_t id) {
  Order released;
  Shard& shard = shard_of(id);
  std::lock_guard lock(shard.mutex);
  auto it = shard.by_id.find(id);
  if (it == shard.by_id.end()) return;
  released.splice(released.begin(), shard.order, it->second);
  shard.by_id.erase(it);
  count(-1);
}

void OpenFiles::count(std::ptrdiff_t change) {
  size_.fetch_add(static_cast<std::size_t>(change), std::memory_order_relaxed);
  if (kept_ != nullptr) kept_->add(change);
}

std::size_t open_files_capacity(std::size_t wanted) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return wanted;
  return std::min<std::size_t>(wanted, limit.rlim_cur / 4);
}

}  // namespace edge::cache
