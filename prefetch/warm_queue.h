// The edge's warm queue: what to fetch for pre-warming, in which order and how fast. Pure
// logic, not thread-safe: its owner locks it and runs the fetches. Warming must never slow a
// viewer, so a task starts only when
//   - fewer than max_in_flight warm fetches run,
//   - fewer than pause_at_viewer_misses viewer misses are being filled (viewers go first),
//   - the bandwidth bucket has the task's expected bytes (bytes_per_second, burst_bytes);
// and tasks are deduplicated against each other, the cache and fills in progress.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace prefetch {

struct WarmTask {
  std::string key;   // what the edge fetches, e.g. "/v/v42/360p/seg_0.m4s"
  std::string hint;  // the hint it came from, for the ledger
  double priority = 0;
  int64_t expires_at_ms = 0;  // Unix milliseconds; dropped unstarted after it
  // Charged to the bandwidth bucket at start; more than burst_bytes starts on a full bucket.
  uint64_t expected_bytes = 0;
  // For a media playlist: after it is fetched, the edge enqueues its init segment and its
  // first `follow_segments` segments. 0 for any other object.
  int follow_segments = 0;
};

// Where a key stands in the edge's cache, as the queue's owner sees it.
enum class CacheState : uint8_t { kAbsent, kStored, kFilling };

class CacheProbe {
 public:
  virtual ~CacheProbe() = default;
  virtual CacheState state(const std::string& key) const = 0;
};

struct WarmLimits {
  std::size_t max_in_flight = 4;
  std::size_t pause_at_viewer_misses = 8;
  uint64_t bytes_per_second = 16'000'000;  // 0: the bucket never refills
  uint64_t burst_bytes = 4'000'000;
  std::size_t max_queued = 20'000;
};

enum class PushResult : uint8_t {
  kQueued,
  // Already queued: its priority (and expiry) raised to the new task's. Raised or not, a queued
  // task keeps its hint and takes the later expiry and the larger follow_segments of the two.
  kRaised,
  kDuplicate,  // already queued with at least this priority, or in flight
  kExpired,    // expires_at_ms is not in the future
  kFull,       // max_queued reached and the task ranks below every queued one
};

// A task the queue dropped without starting it, for the ledger.
struct Dropped {
  enum class Why : uint8_t { kStored, kFilling, kExpired, kEvicted, kCancelled };
  WarmTask task;
  Why why;
};

class WarmQueue {
 public:
  explicit WarmQueue(WarmLimits limits, int64_t now_ms);
  ~WarmQueue();
  WarmQueue(const WarmQueue&) = delete;
  WarmQueue& operator=(const WarmQueue&) = delete;

  // Expired tasks are dropped first. A full queue then makes room by evicting its lowest-priority
  // task (reported by the next call to next() as Dropped::Why::kEvicted) when the new one ranks
  // higher.
  PushResult push(WarmTask task, int64_t now_ms);

  struct Next {
    std::optional<WarmTask> task;  // start it now; it is in flight until finished()
    std::vector<Dropped> dropped;  // tasks skipped on the way (and evictions since last call)
    // When nothing can start only because of the bandwidth bucket: the Unix ms at which it
    // will have enough; -1 otherwise (wait for a finished() or a push()).
    int64_t retry_at_ms = -1;
  };
  // The best task that may start now. Highest priority first, then earliest expiry, then
  // key: deterministic. `viewer_misses` is the number of viewer fills in progress.
  Next next(int64_t now_ms, const CacheProbe& probe, std::size_t viewer_misses);

  // A started task ended after transferring `bytes`; the bucket is corrected from the
  // expected bytes to these.
  void finished(const std::string& key, uint64_t bytes, int64_t now_ms);

  // Drops every queued task of `hint` (in-flight ones run to their end); they come back from
  // the next call to next() as Dropped::Why::kCancelled. Returns how many.
  std::size_t cancel(std::string_view hint);

  std::size_t queued() const;
  std::size_t in_flight() const;
  const WarmLimits& limits() const { return limits_; }

 private:
  struct Impl;
  WarmLimits limits_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace prefetch
