// Descriptors of the disk tier's recently served objects, kept open (at most `capacity`, the
// least recently used let go first), as nginx's open_file_cache keeps them: a hit on an object
// whose pages are in the page cache then needs neither open() nor a trip to an I/O thread, and
// its loop sends it at once. An id names one immutable file for the life of the cache
// directory, so a kept descriptor is never stale. The committer forgets an id before it
// unlinks the file, so that an evicted object's space is not held past its last reader.
// Thread-safe; every call holds a lock for a hash lookup and a list splice, no I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "core/base/unique_handle.h"

namespace edge::cache {

class OpenFiles {
 public:
  using Fd = std::shared_ptr<const core::base::UniqueFd>;

  explicit OpenFiles(std::size_t capacity) : capacity_(capacity) {}

  // Null when `id` is not kept; a kept one becomes the most recently used.
  Fd find(uint64_t id);
  // Keeps `fd` for `id` (replacing one kept already).
  void keep(uint64_t id, Fd fd);
  void forget(uint64_t id);
  std::size_t size() const;

 private:
  using Order = std::list<std::pair<uint64_t, Fd>>;  // most recently used first

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  Order order_;
  std::unordered_map<uint64_t, Order::iterator> by_id_;
};

// How many descriptors the disk tier keeps: `wanted`, but at most a quarter of the process's
// descriptor limit, so that connections never run short because of it.
std::size_t open_files_capacity(std::size_t wanted);

}  // namespace edge::cache
