#include "bench/delay_proxy/shaper.h"

#include <algorithm>
#include <limits>

namespace bench::delay_proxy {
namespace {

constexpr uint64_t kMinBurst = 4096;
constexpr uint64_t kBurstsPerSecond = 100;  // 10 ms
constexpr uint64_t kUnlimited = std::numeric_limits<uint64_t>::max();

}  // namespace

uint64_t burst_for(uint64_t bytes_per_second) {
  return std::max(kMinBurst, bytes_per_second / kBurstsPerSecond);
}

Shaper::Shaper(uint64_t bytes_per_second, prefetch::TokenBucket* link, uint64_t link_burst,
               int64_t now_ms)
    : own_burst_(bytes_per_second == 0 ? kUnlimited : burst_for(bytes_per_second)),
      link_(link),
      link_burst_(link == nullptr ? kUnlimited : link_burst) {
  if (bytes_per_second > 0) own_.emplace(bytes_per_second, own_burst_, now_ms);
}

size_t Shaper::step(size_t wanted) const {
  return static_cast<size_t>(std::min({static_cast<uint64_t>(wanted), own_burst_, link_burst_}));
}

size_t Shaper::allowance(size_t wanted, int64_t now_ms) {
  const size_t bytes = step(wanted);
  if (own_) {
    own_->refill(now_ms);
    if (!own_->can_start(bytes)) return 0;
  }
  if (link_ != nullptr) {
    link_->refill(now_ms);
    if (!link_->can_start(bytes)) return 0;
  }
  return bytes;
}

void Shaper::charge(size_t bytes) {
  if (own_) own_->charge(bytes);
  if (link_ != nullptr) link_->charge(bytes);
}

int64_t Shaper::ready_at(size_t wanted, int64_t now_ms) const {
  const size_t bytes = step(wanted);
  int64_t ready = now_ms;
  if (own_) ready = std::max(ready, own_->ready_at(bytes, now_ms));
  if (link_ != nullptr) ready = std::max(ready, link_->ready_at(bytes, now_ms));
  return ready;
}

}  // namespace bench::delay_proxy
