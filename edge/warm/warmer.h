// Pre-warming's process-wide state: the warm queue, the usefulness ledger and the metrics.
// Hints and CMCD next objects arrive on any worker and are queued here; one WarmRunner, on one
// worker's loop, takes tasks and fetches them through that worker's cache. Thread-safe: the
// queue is under a mutex (every critical section is a few map operations); the ledger locks
// itself.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.h"
#include "core/metrics/registry.h"
#include "core/server/mailbox.h"
#include "edge/warm/warm_metrics.h"
#include "edge/warm/warm_objects.h"
#include "prefetch/hint.h"
#include "prefetch/token_bucket.h"
#include "prefetch/warm_ledger.h"
#include "prefetch/warm_queue.h"

namespace edge::warm {

struct WarmSettings {
  prefetch::WarmLimits limits;
  prefetch::HintLimits hint_limits;
  ObjectEstimates estimates;
  uint64_t hints_per_second = 20;  // accepted POST /_edge/prewarm per second, bursts of as many
  // CMCD: a viewer request naming its next object (nor) warms it when the player's buffer
  // (bl) holds at least cmcd_min_buffer_ms, so a player about to stall is not competed with.
  bool cmcd = true;
  int64_t cmcd_min_buffer_ms = 2'000;
  int64_t cmcd_ttl_ms = 10'000;  // a next object not started within this is dropped
  double cmcd_priority = 2.0;    // above any hint's: a viewer asked, not a forecast
};

class Warmer {
 public:
  // The ledger's name for what CMCD next objects warm.
  static constexpr std::string_view kCmcdHint = "cmcd";

  // `clock` outlives the warmer; the metrics go to `registry`, which outlives it too.
  Warmer(WarmSettings settings, const core::base::Clock& clock, core::metrics::Registry& registry);
  // Before the workers start: spares the queue CMCD next objects that are cached already.
  void use_probe(std::shared_ptr<const prefetch::CacheProbe> probe) { probe_ = std::move(probe); }
  Warmer(const Warmer&) = delete;
  Warmer& operator=(const Warmer&) = delete;

  const WarmSettings& settings() const { return settings_; }
  WarmMetrics& metrics() { return metrics_; }
  prefetch::WarmLedger& ledger() { return ledger_; }

  // Takes one hint's token of the hints-per-second bucket; false when there is none.
  bool admit_hint();
  // Queues the objects of a valid, unexpired hint; returns how many were queued.
  size_t accept(const prefetch::Hint& hint);
  // Drops what is still queued of hint `id` (fetches in flight finish); returns how many.
  size_t cancel(std::string_view id);
  // A viewer's request for `path` carried CMCD nor = `next` and bl = `buffer_ms` (-1: not
  // sent): queues the next object unless the buffer is low (a player about to stall is not
  // competed with), it is not a safe path of the same video, or the queue is half full (CMCD
  // never pushes the control plane's hints out). Without bl the player is given the benefit of
  // the doubt. Counted by result. Any worker.
  void cmcd_next(std::string_view path, std::string_view next, int64_t buffer_ms);

  // For the runner, on its loop. `wake` is posted to `mailbox` whenever there is new work.
  void attach(std::shared_ptr<core::server::Mailbox> mailbox, std::function<void()> wake);
  void detach();
  prefetch::WarmQueue::Next take(const prefetch::CacheProbe& probe, size_t viewer_misses);
  void finished(const std::string& path, uint64_t bytes);
  size_t queued() const;
  // Tasks found by a fetched playlist.
  void follow(std::vector<prefetch::WarmTask> tasks);

  // The cache's reports, from any thread.
  void viewer_hit(const std::string& key);
  void evicted(const std::string& key, uint64_t bytes);

  // The "prewarm" part of GET /_edge/stats.
  nlohmann::json stats() const;

 private:
  size_t push_all(std::vector<prefetch::WarmTask> tasks);  // under mutex_; wakes after
  void wake();

  WarmSettings settings_;
  const core::base::Clock& clock_;
  std::shared_ptr<const prefetch::CacheProbe> probe_;
  WarmMetrics metrics_;
  prefetch::WarmLedger ledger_;
  mutable std::mutex mutex_;
  prefetch::WarmQueue queue_;                      // under mutex_
  prefetch::TokenBucket hint_bucket_;              // under mutex_: one token a hint
  std::shared_ptr<core::server::Mailbox> runner_;  // under mutex_
  std::function<void()> wake_;                     // under mutex_
  std::atomic<bool> wake_pending_{false};          // a wake is posted and not yet taken
  static constexpr size_t kWithdrawnKept = 1'024;
  std::set<std::string, std::less<>> withdrawn_;  // under mutex_: hints withdrawn lately
  std::deque<std::string> withdrawn_order_;       // under mutex_: the same, oldest first
};

}  // namespace edge::warm
