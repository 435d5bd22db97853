// MemoryTier: per-shard LRU lists with an index of views into their keys. Budgets are per
// shard so that eviction never takes more than one lock; XXH3 spreads keys evenly enough that
// the sixteen budgets fill alike.
#include "edge/cache/memory_tier.h"

#include <xxhash.h>

#include "edge/cache/cache_key.h"

namespace edge::cache {
namespace {

// Bookkeeping around an entry that the bytes of its strings do not show: the list and index
// nodes, the CachedObject, the body's string and control blocks.
constexpr uint64_t kEntryOverhead = 256;
constexpr uint64_t kFieldOverhead = sizeof(core::http::Header);

}  // namespace

uint64_t memory_charge(std::string_view key, const CachedObject& object) {
  uint64_t charge = kEntryOverhead + key.size() + (object.body ? object.body->size() : 0);
  for (const core::http::Header& h : object.head.headers.items()) {
    charge += kFieldOverhead + h.name.size() + h.value.size();
  }
  if (object.hit_head) {
    // About the stored fields again, twice: as fields and as HTTP/1.1 lines.
    charge += kEntryOverhead + object.hit_head->http1_fields.size();
    for (const core::http::Header& h : object.hit_head->headers.items()) {
      charge += kFieldOverhead + h.name.size() + h.value.size();
    }
  }
  return charge;
}

size_t MemoryTier::KeyHash::operator()(std::string_view key) const {
  return static_cast<size_t>(XXH3_64bits(key.data(), key.size()));
}

MemoryTier::MemoryTier(uint64_t budget_bytes)
    : budget_(budget_bytes), shard_budget_(budget_bytes / kShards) {}

size_t MemoryTier::shard_of(std::string_view key) {
  // The top bits: the index's buckets already use the hash modulo their count.
  static_assert(kShards == 16);
  return static_cast<size_t>(XXH3_64bits(key.data(), key.size()) >> 60);
}

MemoryTier::Shard& MemoryTier::shard_for(std::string_view key) {
  return shards_[shard_of(key)];
}

void MemoryTier::remove(Shard& shard, std::list<Entry>::iterator it) {
  shard.bytes -= it->charge;
  shard.index.erase(std::string_view(it->key));
  shard.order.erase(it);
}

std::shared_ptr<const CachedObject> MemoryTier::find(std::string_view key) {
  Shard& shard = shard_for(key);
  std::lock_guard lock(shard.mutex);
  const auto found = shard.index.find(key);
  if (found == shard.index.end()) return nullptr;
  shard.order.splice(shard.order.begin(), shard.order, found->second);
  return found->second->object;
}

bool MemoryTier::contains(std::string_view key) const {
  const Shard& shard = shards_[shard_of(key)];
  std::lock_guard lock(shard.mutex);
  return shard.index.contains(key);
}

bool MemoryTier::insert(std::string key, std::shared_ptr<const CachedObject> object) {
  Shard& shard = shard_for(key);
  const uint64_t charge = object && object->body ? memory_charge(key, *object) : 0;
  std::lock_guard lock(shard.mutex);
  // An older version under the same key goes even when the new one is refused: it is outdated.
  if (const auto found = shard.index.find(key); found != shard.index.end()) {
    remove(shard, found->second);
  }
  if (charge == 0 || charge > shard_budget_) return false;
  while (shard.bytes + charge > shard_budget_) {
    remove(shard, std::prev(shard.order.end()));
    ++shard.evictions;
  }
  shard.order.push_front(Entry{std::move(key), std::move(object), charge});
  shard.index.emplace(std::string_view(shard.order.front().key), shard.order.begin());
  shard.bytes += charge;
  return true;
}

void MemoryTier::erase(std::string_view key) {
  Shard& shard = shard_for(key);
  std::lock_guard lock(shard.mutex);
  if (const auto found = shard.index.find(key); found != shard.index.end()) {
    remove(shard, found->second);
  }
}

size_t MemoryTier::erase_prefix(std::string_view path_prefix) {
  size_t erased = 0;
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    for (auto it = shard.order.begin(); it != shard.order.end();) {
      const auto next = std::next(it);
      if (key_path(it->key).starts_with(path_prefix)) {
        remove(shard, it);
        ++erased;
      }
      it = next;
    }
  }
  return erased;
}

MemoryTier::Stats MemoryTier::stats() const {
  Stats out;
  out.budget = budget_;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    out.objects += shard.order.size();
    out.bytes += shard.bytes;
    out.evictions += shard.evictions;
  }
  return out;
}

}  // namespace edge::cache
