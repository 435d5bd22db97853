// OpenFiles: a list in recency order and a map into it. A descriptor let go is moved to a local
// list declared before the lock, so that it is closed after the lock is released.
#include "edge/cache/open_files.h"

#include <sys/resource.h>

#include <algorithm>

namespace edge::cache {

OpenFiles::Fd OpenFiles::find(uint64_t id) {
  std::lock_guard lock(mutex_);
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return nullptr;
  order_.splice(order_.begin(), order_, it->second);
  return it->second->second;
}

void OpenFiles::keep(uint64_t id, Fd fd) {
  if (capacity_ == 0) return;
  Order released;
  std::lock_guard lock(mutex_);
  if (auto it = by_id_.find(id); it != by_id_.end()) {
    it->second->second.swap(fd);
    order_.splice(order_.begin(), order_, it->second);
  } else {
    order_.emplace_front(id, std::move(fd));
    by_id_.emplace(id, order_.begin());
  }
  while (order_.size() > capacity_) {
    by_id_.erase(order_.back().first);
    released.splice(released.begin(), order_, std::prev(order_.end()));
  }
}

void OpenFiles::forget(uint64_t id) {
  Order released;
  std::lock_guard lock(mutex_);
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return;
  released.splice(released.begin(), order_, it->second);
  by_id_.erase(it);
}

std::size_t OpenFiles::size() const {
  std::lock_guard lock(mutex_);
  return order_.size();
}

std::size_t open_files_capacity(std::size_t wanted) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return wanted;
  return std::min<std::size_t>(wanted, limit.rlim_cur / 4);
}

}  // namespace edge::cache
