// TokenBucket. Every byte count is clamped to kMaxBytes, so milli-bytes stay far inside
// int64_t and a level driven down by many corrections saturates at kFloor instead of wrapping.
#include "prefetch/token_bucket.h"

#include <algorithm>
#include <limits>

namespace prefetch {
namespace {

constexpr int64_t kMaxBytes = std::numeric_limits<int64_t>::max() / 4000;
constexpr int64_t kFloor = std::numeric_limits<int64_t>::min() / 2;

int64_t milli(uint64_t bytes) {
  return static_cast<int64_t>(std::min<uint64_t>(bytes, kMaxBytes)) * 1000;
}

}  // namespace

TokenBucket::TokenBucket(uint64_t bytes_per_second, uint64_t burst_bytes, int64_t now_ms)
    : rate_(milli(bytes_per_second) / 1000),
      capacity_(milli(burst_bytes)),
      level_(capacity_),
      last_ms_(now_ms) {}

void TokenBucket::refill(int64_t now_ms) {
  if (now_ms <= last_ms_) return;
  int64_t elapsed = now_ms - last_ms_;
  last_ms_ = now_ms;
  if (rate_ == 0 || level_ >= capacity_) return;
  int64_t gap = capacity_ - level_;
  level_ = elapsed > gap / rate_ ? capacity_ : level_ + rate_ * elapsed;
}

int64_t TokenBucket::needed(uint64_t bytes) const {
  return std::min(milli(bytes), capacity_);
}

bool TokenBucket::can_start(uint64_t bytes) const {
  return level_ >= needed(bytes);
}

void TokenBucket::charge(uint64_t bytes) {
  level_ = std::max(kFloor, level_ - milli(bytes));
}

void TokenBucket::correct(uint64_t expected, uint64_t actual) {
  level_ = std::clamp(level_ + milli(expected) - milli(actual), kFloor, capacity_);
}

int64_t TokenBucket::ready_at(uint64_t bytes, int64_t now_ms) const {
  int64_t deficit = needed(bytes) - level_;
  if (deficit <= 0) return now_ms;
  if (rate_ == 0) return -1;
  int64_t wait = (deficit + rate_ - 1) / rate_;
  return now_ms > std::numeric_limits<int64_t>::max() - wait ? std::numeric_limits<int64_t>::max()
                                                             : now_ms + wait;
}

}  // namespace prefetch
