// The pace of one direction of one connection: its own token bucket and, when its route has a
// shared link rate, the route's bucket as well. A write takes at most one burst, and only when
// both buckets hold it; a bucket is prefetch's TokenBucket, in whole milliseconds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "prefetch/token_bucket.h"

namespace bench::delay_proxy {

// The burst of a bucket filling at `bytes_per_second`: 10 ms of traffic, so that one timer a
// few milliseconds late loses nothing, and at least 4 KiB, so that slow links still write
// whole segments rather than a few bytes at a time.
uint64_t burst_for(uint64_t bytes_per_second);

class Shaper {
 public:
  // `bytes_per_second` 0 is unlimited. `link` is the route's shared bucket, or null; it must
  // outlive the shaper.
  Shaper(uint64_t bytes_per_second, prefetch::TokenBucket* link, uint64_t link_burst,
         int64_t now_ms);

  // How many of `wanted` bytes may be written at `now_ms`: a burst at most, 0 for none yet.
  size_t allowance(size_t wanted, int64_t now_ms);
  // `bytes` were written after allowance() allowed them.
  void charge(size_t bytes);
  // The first millisecond at which allowance(wanted) is not 0; call after allowance() at
  // `now_ms` answered 0.
  int64_t ready_at(size_t wanted, int64_t now_ms) const;

 private:
  // What one write may take of `wanted`: no more than either bucket's burst.
  size_t step(size_t wanted) const;

  std::optional<prefetch::TokenBucket> own_;
  uint64_t own_burst_;
  prefetch::TokenBucket* link_;
  uint64_t link_burst_;
};

}  // namespace bench::delay_proxy
