// A token bucket: the warm queue's bandwidth, and the edge's rate of accepted hints (where a
// "byte" is a hint). Fills at `bytes_per_second` up to `burst_bytes`. Kept in milli-bytes, so a
// refill over whole milliseconds is exact and the time at which a start becomes possible is
// computed, not guessed.
#pragma once

#include <cstdint>

namespace prefetch {

class TokenBucket {
 public:
  TokenBucket(uint64_t bytes_per_second, uint64_t burst_bytes, int64_t now_ms);

  // Adds what accrued since the last refill; time never runs backwards here.
  void refill(int64_t now_ms);
  // A transfer may start when the bucket holds its bytes, or a full burst for one larger than
  // the burst (it could never start otherwise). Starting charges all of its bytes; the level
  // may go below zero, and later starts wait until it has refilled.
  bool can_start(uint64_t bytes) const;
  void charge(uint64_t bytes);
  // A transfer charged `expected` moved `actual`: the difference is given back or taken.
  void correct(uint64_t expected, uint64_t actual);
  // The first millisecond at which can_start(bytes) holds, after a refill at `now_ms`; -1 when
  // the bucket never refills.
  int64_t ready_at(uint64_t bytes, int64_t now_ms) const;

 private:
  int64_t needed(uint64_t bytes) const;

  int64_t rate_;      // milli-bytes per millisecond, numerically bytes per second
  int64_t capacity_;  // milli-bytes
  int64_t level_;     // milli-bytes
  int64_t last_ms_;
};

}  // namespace prefetch
