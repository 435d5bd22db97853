// The four policies. Sizes count: every budget is in bytes, and objects larger than a queue's
// share are simply not cached by it.
#include "bench/cache/policies.h"

#include <array>
#include <deque>
#include <unordered_set>

namespace bench::cache {

void LruList::touch(uint64_t key) {
  order_.splice(order_.begin(), order_, index_.at(key));
}

void LruList::push_front(uint64_t key, uint32_t size) {
  order_.emplace_front(key, size);
  index_[key] = order_.begin();
  bytes_ += size;
}

std::pair<uint64_t, uint32_t> LruList::pop_back() {
  if (order_.empty()) return {0, 0};
  auto back = order_.back();
  index_.erase(back.first);
  order_.pop_back();
  bytes_ -= back.second;
  return back;
}

uint32_t LruList::erase(uint64_t key) {
  auto it = index_.at(key);
  const uint32_t size = it->second;
  order_.erase(it);
  index_.erase(key);
  bytes_ -= size;
  return size;
}

namespace {

class Lru final : public Policy {
 public:
  explicit Lru(uint64_t budget) : budget_(budget) {}
  std::string_view name() const override { return "lru"; }
  bool access(uint64_t key, uint32_t size) override {
    if (list_.contains(key)) {
      list_.touch(key);
      return true;
    }
    if (size > budget_) return false;
    list_.push_front(key, size);
    while (list_.bytes() > budget_)
      list_.pop_back();
    return false;
  }

 private:
  uint64_t budget_;
  LruList list_;
};

// New keys enter a probation segment (20%); a second hit promotes them to the protected one
// (80%), whose overflow goes back to probation.
class Slru final : public Policy {
 public:
  explicit Slru(uint64_t budget)
      : probation_budget_(budget / 5), protected_budget_(budget * 4 / 5) {}
  std::string_view name() const override { return "slru"; }
  bool access(uint64_t key, uint32_t size) override {
    if (protected_.contains(key)) {
      protected_.touch(key);
      return true;
    }
    if (probation_.contains(key)) {
      probation_.erase(key);
      protected_.push_front(key, size);
      while (protected_.bytes() > protected_budget_) {
        auto [demoted, demoted_size] = protected_.pop_back();
        probation_.push_front(demoted, demoted_size);
      }
      trim_probation();
      return true;
    }
    if (size > probation_budget_) return false;
    probation_.push_front(key, size);
    trim_probation();
    return false;
  }

 private:
  void trim_probation() {
    while (probation_.bytes() > probation_budget_)
      probation_.pop_back();
  }
  uint64_t probation_budget_;
  uint64_t protected_budget_;
  LruList probation_;
  LruList protected_;
};

// S3-FIFO: a small FIFO (10%) filters one-hit wonders; keys seen again while there, or found
// in the ghost queue, go to the main FIFO, which reinserts entries accessed since their last
// pass (frequency capped at 3) instead of evicting them.
class S3Fifo final : public Policy {
 public:
  explicit S3Fifo(uint64_t budget)
      : small_budget_(budget / 10), main_budget_(budget - budget / 10) {}
  std::string_view name() const override { return "s3fifo"; }
  bool access(uint64_t key, uint32_t size) override {
    if (auto it = entries_.find(key); it != entries_.end()) {
      it->second.freq = std::min(it->second.freq + 1, 3);
      return true;
    }
    if (size > main_budget_) return false;
    if (ghost_set_.erase(key) > 0) {
      insert_main(key, size, 0);
    } else {
      if (size > small_budget_) return false;
      entries_[key] = Entry{size, 0, false};
      small_.push_back(key);
      small_bytes_ += size;
      while (small_bytes_ > small_budget_)
        evict_small();
    }
    return false;
  }

 private:
  struct Entry {
    uint32_t size;
    int freq;
    bool main;
  };
  void insert_main(uint64_t key, uint32_t size, int freq) {
    entries_[key] = Entry{size, freq, true};
    main_.push_back(key);
    main_bytes_ += size;
    while (main_bytes_ > main_budget_)
      evict_main();
  }
  void evict_small() {
    const uint64_t key = small_.front();
    small_.pop_front();
    const Entry entry = entries_.at(key);
    small_bytes_ -= entry.size;
    if (entry.freq > 0) {
      entries_.erase(key);
      insert_main(key, entry.size, 0);
      return;
    }
    entries_.erase(key);
    ghost_.push_back(key);
    ghost_set_.insert(key);
    // The ghost remembers about as many keys as the main queue holds.
    while (ghost_.size() > main_.size() + 1) {
      ghost_set_.erase(ghost_.front());
      ghost_.pop_front();
    }
  }
  void evict_main() {
    while (!main_.empty()) {
      const uint64_t key = main_.front();
      main_.pop_front();
      Entry& entry = entries_.at(key);
      if (entry.freq > 0) {
        --entry.freq;
        main_.push_back(key);
        continue;
      }
      main_bytes_ -= entry.size;
      entries_.erase(key);
      return;
    }
  }

  uint64_t small_budget_;
  uint64_t main_budget_;
  std::unordered_map<uint64_t, Entry> entries_;
  std::deque<uint64_t> small_;
  std::deque<uint64_t> main_;
  std::deque<uint64_t> ghost_;
  std::unordered_set<uint64_t> ghost_set_;
  uint64_t small_bytes_ = 0;
  uint64_t main_bytes_ = 0;
};

// A count-min sketch of 4 rows with halving every `sample` increments: TinyLFU's estimate of
// how often a key was asked for recently.
class FrequencySketch {
 public:
  explicit FrequencySketch(size_t width) : width_(width), rows_{} {
    for (auto& row : rows_)
      row.assign(width_, 0);
    sample_ = width_ * 10;
  }
  void add(uint64_t key) {
    for (size_t r = 0; r < rows_.size(); ++r) {
      uint8_t& c = rows_[r][slot(key, r)];
      if (c < 15) ++c;
    }
    if (++added_ >= sample_) {
      for (auto& row : rows_)
        for (uint8_t& c : row)
          c /= 2;
      added_ = 0;
    }
  }
  int estimate(uint64_t key) const {
    int low = 15;
    for (size_t r = 0; r < rows_.size(); ++r)
      low = std::min<int>(low, rows_[r][slot(key, r)]);
    return low;
  }

 private:
  size_t slot(uint64_t key, size_t row) const {
    uint64_t h = key * 0x9E3779B97F4A7C15ull + row * 0xC2B2AE3D27D4EB4Full;
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 29;
    return h % width_;
  }
  size_t width_;
  std::array<std::vector<uint8_t>, 4> rows_;
  size_t sample_;
  size_t added_ = 0;
};

// W-TinyLFU: a 1% LRU window admits everything; its victims enter the main SLRU only when the
// sketch says they are asked for more often than the main victim they would replace.
class TinyLfu final : public Policy {
 public:
  explicit TinyLfu(uint64_t budget)
      : window_budget_(std::max<uint64_t>(budget / 100, 1)),
        main_(budget - window_budget_),
        sketch_(1 << 20) {}
  std::string_view name() const override { return "w-tinylfu"; }
  bool access(uint64_t key, uint32_t size) override {
    sketch_.add(key);
    if (window_.contains(key)) {
      window_.touch(key);
      return true;
    }
    if (main_.contains(key)) return main_.access(key, size);
    if (size > window_budget_) {
      candidate(key, size);
      return false;
    }
    window_.push_front(key, size);
    while (window_.bytes() > window_budget_) {
      auto [victim, victim_size] = window_.pop_back();
      candidate(victim, victim_size);
    }
    return false;
  }

 private:
  // The main area: an SLRU that can name its next victim and be asked to take a key.
  class Main {
   public:
    explicit Main(uint64_t budget)
        : probation_budget_(budget / 5), protected_budget_(budget - budget / 5) {}
    bool contains(uint64_t key) const {
      return probation_.contains(key) || protected_.contains(key);
    }
    bool access(uint64_t key, uint32_t size) {
      if (protected_.contains(key)) {
        protected_.touch(key);
        return true;
      }
      probation_.erase(key);
      protected_.push_front(key, size);
      while (protected_.bytes() > protected_budget_) {
        auto [demoted, demoted_size] = protected_.pop_back();
        probation_.push_front(demoted, demoted_size);
      }
      return true;
    }
    bool full_for(uint32_t size) const {
      return probation_.bytes() + protected_.bytes() + size > probation_budget_ + protected_budget_;
    }
    bool has_victim() const { return !probation_.empty() || !protected_.empty(); }
    uint64_t victim() const {
      return probation_.empty() ? protected_.peek_back() : probation_.peek_back();
    }
    void evict() {
      if (!probation_.empty()) {
        probation_.pop_back();
      } else {
        protected_.pop_back();
      }
    }
    void admit(uint64_t key, uint32_t size) { probation_.push_front(key, size); }
    uint64_t budget() const { return probation_budget_ + protected_budget_; }

   private:
    uint64_t probation_budget_;
    uint64_t protected_budget_;
    LruList probation_;
    LruList protected_;
  };

  void candidate(uint64_t key, uint32_t size) {
    if (size > main_.budget()) return;
    while (main_.full_for(size)) {
      if (!main_.has_victim()) return;
      if (sketch_.estimate(key) <= sketch_.estimate(main_.victim())) return;
      main_.evict();
    }
    main_.admit(key, size);
  }

  uint64_t window_budget_;
  LruList window_;
  Main main_;
  FrequencySketch sketch_;
};

}  // namespace

std::unique_ptr<Policy> make_lru(uint64_t budget) {
  return std::make_unique<Lru>(budget);
}
std::unique_ptr<Policy> make_slru(uint64_t budget) {
  return std::make_unique<Slru>(budget);
}
std::unique_ptr<Policy> make_s3fifo(uint64_t budget) {
  return std::make_unique<S3Fifo>(budget);
}
std::unique_ptr<Policy> make_tinylfu(uint64_t budget) {
  return std::make_unique<TinyLfu>(budget);
}

}  // namespace bench::cache
