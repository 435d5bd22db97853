// DiskIndex: sharded map of entries plus the S3-FIFO queues and ghost (why in disk_index.h).
#include "edge/cache/disk_index.h"

#include <deque>

namespace edge::cache {
namespace {

// The one rule that picks the queue eviction takes from: small while it holds more than its
// share, main otherwise, whichever is not empty.
bool take_from_small(uint64_t small_bytes, uint64_t small_share, bool small_empty,
                     bool main_empty) {
  return !small_empty && (small_bytes > small_share || main_empty);
}

}  // namespace

DiskIndex::Shard& DiskIndex::shard_of(std::string_view key) {
  return shards_[Hash{}(key) % kShards];
}

const DiskIndex::Shard& DiskIndex::shard_of(std::string_view key) const {
  return shards_[Hash{}(key) % kShards];
}

void DiskIndex::set_budget(uint64_t budget_bytes) {
  std::lock_guard fifo_lock(fifo_mutex_);
  small_share_ = budget_bytes / 10;
  ghost_share_ = budget_bytes - small_share_;
}

void DiskIndex::count_access(Node& node) {
  uint8_t count = node.count.load(std::memory_order_relaxed);
  while (count < kMaxCount &&
         !node.count.compare_exchange_weak(count, count + 1, std::memory_order_relaxed)) {
  }
}

void DiskIndex::unlink_locked(Shard& shard, Fifo::iterator node) {
  if (node->touched_slot != kNotTouched) {
    // Swap-remove keeps this O(1); the moved node learns its new slot.
    const size_t slot = node->touched_slot;
    shard.touched[slot] = shard.touched.back();
    shard.touched[slot]->touched_slot = slot;
    shard.touched.pop_back();
  }
  (node->queue == Queue::kSmall ? small_bytes_ : main_bytes_) -= node->entry->size;
  --count_;
  fifo_of(*node).erase(node);
}

EntryPtr DiskIndex::find(std::string_view key) {
  Shard& shard = shard_of(key);
  std::lock_guard lock(shard.mutex);
  auto it = shard.map.find(key);
  if (it == shard.map.end()) return nullptr;
  Node& node = *it->second;
  count_access(node);
  node.access = clock_.fetch_add(1, std::memory_order_relaxed);
  if (node.touched_slot == kNotTouched) {
    node.touched_slot = shard.touched.size();
    shard.touched.push_back(it->second);
  }
  return node.entry;
}

EntryPtr DiskIndex::peek(std::string_view key) const {
  const Shard& shard = shard_of(key);
  std::lock_guard lock(shard.mutex);
  auto it = shard.map.find(key);
  return it == shard.map.end() ? nullptr : it->second->entry;
}

EntryPtr DiskIndex::insert(EntryPtr entry, uint64_t access) {
  const uint64_t hash = Hash{}(entry->key);
  Shard& shard = shards_[hash % kShards];
  std::lock_guard lock(shard.mutex);
  std::lock_guard fifo_lock(fifo_mutex_);
  const bool recovered = access != 0;
  if (recovered) {
    uint64_t next = clock_.load(std::memory_order_relaxed);
    while (next <= access &&
           !clock_.compare_exchange_weak(next, access + 1, std::memory_order_relaxed)) {
    }
  } else {
    access = clock_.fetch_add(1, std::memory_order_relaxed);
  }
  if (auto it = shard.map.find(entry->key); it != shard.map.end()) {
    Node& node = *it->second;
    uint64_t& queue_bytes = node.queue == Queue::kSmall ? small_bytes_ : main_bytes_;
    queue_bytes = queue_bytes - node.entry->size + entry->size;
    node.access = access;
    count_access(node);
    return std::exchange(node.entry, std::move(entry));
  }
  const Queue queue = recovered || recall_locked(hash) ? Queue::kMain : Queue::kSmall;
  Fifo& fifo = queue == Queue::kSmall ? small_ : main_;
  (queue == Queue::kSmall ? small_bytes_ : main_bytes_) += entry->size;
  ++count_;
  fifo.emplace_back(std::move(entry), access, queue);
  shard.map.emplace(fifo.back().entry->key, std::prev(fifo.end()));
  return nullptr;
}

EntryPtr DiskIndex::erase(std::string_view key, uint64_t id) {
  Shard& shard = shard_of(key);
  std::lock_guard lock(shard.mutex);
  auto it = shard.map.find(key);
  if (it == shard.map.end()) return nullptr;
  EntryPtr entry = it->second->entry;
  if (id != 0 && entry->id != id) return nullptr;
  {
    std::lock_guard fifo_lock(fifo_mutex_);
    unlink_locked(shard, it->second);
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
        std::lock_guard fifo_lock(fifo_mutex_);
        unlink_locked(shard, it->second);
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
  std::lock_guard fifo_lock(fifo_mutex_);
  it->second->entry = updated;  // the node's place and size are unchanged
  return updated;
}

EntryPtr DiskIndex::next_victim_locked() {
  for (;;) {
    if (take_from_small(small_bytes_, small_share_, small_.empty(), main_.empty())) {
      Node& head = small_.front();
      if (head.count.load(std::memory_order_relaxed) == 0) return head.entry;
      // Found while in small: main's tail, its count starting over there.
      head.count.store(0, std::memory_order_relaxed);
      head.queue = Queue::kMain;
      small_bytes_ -= head.entry->size;
      main_bytes_ += head.entry->size;
      main_.splice(main_.end(), small_, small_.begin());
      continue;
    }
    if (main_.empty()) return nullptr;
    Node& head = main_.front();
    if (head.count.load(std::memory_order_relaxed) == 0) return head.entry;
    head.count.fetch_sub(1, std::memory_order_relaxed);
    main_.splice(main_.end(), main_, main_.begin());
  }
}

std::vector<EntryPtr> DiskIndex::evict_to(uint64_t target_bytes) {
  std::vector<EntryPtr> evicted;
  for (;;) {
    EntryPtr victim;
    {
      std::lock_guard fifo_lock(fifo_mutex_);
      if (small_bytes_ + main_bytes_ <= target_bytes) break;
      victim = next_victim_locked();
      if (!victim) break;
    }
    // Shard before FIFO: the victim is looked up again; it may have been found, replaced or
    // erased meanwhile, and then the choice is made again.
    const uint64_t hash = Hash{}(victim->key);
    Shard& shard = shards_[hash % kShards];
    std::lock_guard lock(shard.mutex);
    auto it = shard.map.find(victim->key);
    if (it == shard.map.end()) continue;
    std::lock_guard fifo_lock(fifo_mutex_);
    if (small_bytes_ + main_bytes_ <= target_bytes) break;
    Node& node = *it->second;
    if (it->second != fifo_of(node).begin() || node.entry->id != victim->id ||
        node.count.load(std::memory_order_relaxed) != 0) {
      continue;
    }
    if (node.queue == Queue::kSmall) remember_locked(hash, node.entry->size);
    evicted.push_back(node.entry);
    unlink_locked(shard, it->second);
    shard.map.erase(it);
  }
  return evicted;
}

void DiskIndex::remember_locked(uint64_t hash, uint64_t size) {
  recall_locked(hash);  // two keys of one hash: the later one is remembered
  ghost_.push_back(Ghost{hash, size});
  ghost_by_hash_.emplace(hash, std::prev(ghost_.end()));
  ghost_bytes_ += size;
  while (ghost_bytes_ > ghost_share_ && !ghost_.empty()) {
    ghost_bytes_ -= ghost_.front().size;
    ghost_by_hash_.erase(ghost_.front().hash);
    ghost_.pop_front();
  }
}

bool DiskIndex::recall_locked(uint64_t hash) {
  auto it = ghost_by_hash_.find(hash);
  if (it == ghost_by_hash_.end()) return false;
  ghost_bytes_ -= it->second->size;
  ghost_.erase(it->second);
  ghost_by_hash_.erase(it);
  return true;
}

std::vector<DiskIndex::Access> DiskIndex::take_touched() {
  std::vector<Access> touched;
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    for (Fifo::iterator node : shard.touched) {
      touched.push_back(Access{node->entry, node->access});
      node->touched_slot = kNotTouched;
    }
    shard.touched.clear();
  }
  return touched;
}

uint64_t DiskIndex::now() const {
  return clock_.load(std::memory_order_relaxed);
}

std::vector<std::string> DiskIndex::eviction_order() const {
  struct Item {
    std::string key;
    uint64_t size;
    uint8_t count;
  };
  std::deque<Item> small;
  std::deque<Item> main;
  uint64_t small_bytes = 0;
  uint64_t small_share = 0;
  {
    std::lock_guard fifo_lock(fifo_mutex_);
    for (const Node& node : small_)
      small.push_back(Item{node.entry->key, node.entry->size, node.count.load()});
    for (const Node& node : main_)
      main.push_back(Item{node.entry->key, node.entry->size, node.count.load()});
    small_bytes = small_bytes_;
    small_share = small_share_;
  }
  // The moves of next_victim_locked() on copies, every head taken in turn.
  std::vector<std::string> order;
  while (!small.empty() || !main.empty()) {
    if (take_from_small(small_bytes, small_share, small.empty(), main.empty())) {
      Item item = std::move(small.front());
      small.pop_front();
      small_bytes -= item.size;
      if (item.count == 0) {
        order.push_back(std::move(item.key));
      } else {
        item.count = 0;
        main.push_back(std::move(item));
      }
      continue;
    }
    Item item = std::move(main.front());
    main.pop_front();
    if (item.count == 0) {
      order.push_back(std::move(item.key));
    } else {
      --item.count;
      main.push_back(std::move(item));
    }
  }
  return order;
}

DiskIndex::QueueSizes DiskIndex::queue_sizes() const {
  std::lock_guard fifo_lock(fifo_mutex_);
  return QueueSizes{small_bytes_, main_bytes_, ghost_.size()};
}

uint64_t DiskIndex::bytes() const {
  std::lock_guard fifo_lock(fifo_mutex_);
  return small_bytes_ + main_bytes_;
}

uint64_t DiskIndex::count() const {
  std::lock_guard fifo_lock(fifo_mutex_);
  return count_;
}

}  // namespace edge::cache
