// Byte-budgeted cache policies for the comparison: LRU (the disk tier's), segmented LRU,
// S3-FIFO (Yang et al., SOSP'23) and W-TinyLFU (Einziger et al.), each reduced to what decides
// hits: which key is resident after each access.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace bench::cache {

class Policy {
 public:
  virtual ~Policy() = default;
  virtual std::string_view name() const = 0;
  // Looks `key` up; on a miss, admits it (or not). True on a hit.
  virtual bool access(uint64_t key, uint32_t size) = 0;
};

std::unique_ptr<Policy> make_lru(uint64_t budget);
std::unique_ptr<Policy> make_slru(uint64_t budget);
std::unique_ptr<Policy> make_s3fifo(uint64_t budget);
std::unique_ptr<Policy> make_tinylfu(uint64_t budget);

// An LRU list with byte accounting, the building block of the others.
class LruList {
 public:
  bool contains(uint64_t key) const { return index_.contains(key); }
  void touch(uint64_t key);  // must be present
  void push_front(uint64_t key, uint32_t size);
  // The least recent entry, removed; {0, 0} when empty.
  std::pair<uint64_t, uint32_t> pop_back();
  uint64_t peek_back() const { return order_.back().first; }
  uint32_t erase(uint64_t key);  // its size; must be present
  uint64_t bytes() const { return bytes_; }
  bool empty() const { return order_.empty(); }

 private:
  std::list<std::pair<uint64_t, uint32_t>> order_;
  std::unordered_map<uint64_t, std::list<std::pair<uint64_t, uint32_t>>::iterator> index_;
  uint64_t bytes_ = 0;
};

}  // namespace bench::cache
