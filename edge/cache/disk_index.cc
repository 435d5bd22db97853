// DiskIndex: sharded map of entries plus one exact LRU list (why in disk_index.h).
#include "edge/cache/disk_index.h"

namespace edge::cache {

DiskIndex::Shard& DiskIndex::shard_of(std::string_view key) {
  return shards_[Hash{}(key) % kShards];
}

const DiskIndex::Shard& DiskIndex::shard_of(std::string_view key) const {
  return shards_[Hash{}(key) % kShards];
}

void DiskIndex::touch_locked(Lru::iterator node) {
  node->access = clock_++;
  lru_.splice(lru_.begin(), lru_, node);
  if (node->touched_slot == kNotTouched) {
    node->touched_slot = touched_.size();
    touched_.push_back(node);
  }
}

void DiskIndex::unlink_locked(Lru::iterator node) {
  if (node->touched_slot != kNotTouched) {
    // Swap-remove keeps this O(1); the moved node learns its new slot.
    touched_[node->touched_slot] = touched_.back();
    touched_[node->touched_slot]->touched_slot = node->touched_slot;
    touched_.pop_back();
  }
  bytes_ -= node->entry->size;
  --count_;
  lru_.erase(node);
}

EntryPtr DiskIndex::find(std::string_view key) {
  Shard& shard = shard_of(key);
  std::lock_guard lock(shard.mutex);
  auto it = shard.map.find(key);
  if (it == shard.map.end()) return nullptr;
  std::lock_guard lru_lock(lru_mutex_);
  touch_locked(it->second);
  return it->second->entry;
}

EntryPtr DiskIndex::peek(std::string_view key) const {
  const Shard& shard = shard_of(key);
  std::lock_guard lock(shard.mutex);
  auto it = shard.map.find(key);
  return it == shard.map.end() ? nullptr : it->second->entry;
}

EntryPtr DiskIndex::insert(EntryPtr entry, uint64_t access) {
  Shard& shard = shard_of(entry->key);
  std::lock_guard lock(shard.mutex);
  std::lock_guard lru_lock(lru_mutex_);
  EntryPtr replaced;
  auto it = shard.map.find(entry->key);
  if (it != shard.map.end()) {
    replaced = it->second->entry;
    unlink_locked(it->second);
    shard.map.erase(it);
  }
  if (access >= clock_) clock_ = access + 1;
  lru_.push_front(Node{entry, access == 0 ? clock_++ : access});
  bytes_ += entry->size;
  ++count_;
  shard.map.emplace(entry->key, lru_.begin());
  return replaced;
}

EntryPtr DiskIndex::erase(std::string_view key, uint64_t id) {
  Shard& shard = shard_of(key);
  std::lock_guard lock(shard.mutex);
  auto it = shard.map.find(key);
  if (it == shard.map.end()) return nullptr;
  EntryPtr entry = it->second->entry;
  if (id != 0 && entry->id != id) return nullptr;
  {
    std::lock_guard lru_lock(lru_mutex_);
    unlink_locked(it->second);
  }
  shard.map.erase(it);
  return entry;
}

std::vector<EntryPtr> DiskIndex::erase_prefix(std::string_view prefix) {
  std::vector<EntryPtr> erased;
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    for (auto it = shard.map.begin(); it != shard.map.end();) {
      if (!std::string_view(it->first).starts_with(prefix)) {
        ++it;
        continue;
      }
      erased.push_back(it->second->entry);
      {
        std::lock_guard lru_lock(lru_mutex_);
        unlink_locked(it->second);
      }
      it = shard.map.erase(it);
    }
  }
  return erased;
}

EntryPtr DiskIndex::replace_head(std::string_view key, std::string head) {
  Shard& shard = shard_of(key);
  std::lock_guard lock(shard.mutex);
  auto it = shard.map.find(key);
  if (it == shard.map.end()) return nullptr;
  auto updated = std::make_shared<DiskEntry>(*it->second->entry);
  updated->head = std::move(head);
  std::lock_guard lru_lock(lru_mutex_);
  it->second->entry = updated;  // the node's place and size are unchanged
  return updated;
}

std::vector<EntryPtr> DiskIndex::evict_to(uint64_t target_bytes) {
  std::vector<EntryPtr> evicted;
  for (;;) {
    EntryPtr victim;
    {
      std::lock_guard lru_lock(lru_mutex_);
      if (bytes_ <= target_bytes || lru_.empty()) break;
      victim = lru_.back().entry;
    }
    // Shard before LRU: the victim is looked up again, it may have been used or replaced.
    Shard& shard = shard_of(victim->key);
    std::lock_guard lock(shard.mutex);
    auto it = shard.map.find(victim->key);
    if (it == shard.map.end()) continue;
    std::lock_guard lru_lock(lru_mutex_);
    if (it->second != std::prev(lru_.end())) continue;
    evicted.push_back(it->second->entry);
    unlink_locked(it->second);
    shard.map.erase(it);
  }
  return evicted;
}

std::vector<DiskIndex::Access> DiskIndex::take_touched() {
  std::lock_guard lru_lock(lru_mutex_);
  std::vector<Access> touched;
  touched.reserve(touched_.size());
  for (Lru::iterator node : touched_) {
    touched.push_back(Access{node->entry, node->access});
    node->touched_slot = kNotTouched;
  }
  touched_.clear();
  return touched;
}

uint64_t DiskIndex::now() const {
  std::lock_guard lru_lock(lru_mutex_);
  return clock_;
}

std::vector<std::string> DiskIndex::keys_by_recency() const {
  std::lock_guard lru_lock(lru_mutex_);
  std::vector<std::string> keys;
  for (auto it = lru_.rbegin(); it != lru_.rend(); ++it)
    keys.push_back(it->entry->key);
  return keys;
}

uint64_t DiskIndex::bytes() const {
  std::lock_guard lru_lock(lru_mutex_);
  return bytes_;
}

uint64_t DiskIndex::count() const {
  std::lock_guard lru_lock(lru_mutex_);
  return count_;
}

}  // namespace edge::cache
