// Usefulness accounting of pre-warming, per hint and overall: what a hint asked for, what was
// fetched, found already cached, failed or dropped, and, for every fetched object, whether a
// viewer later hit it or it was evicted unhit (wasted bytes). Thread-safe: every worker of the
// edge reports into one ledger.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace prefetch {

struct WarmCounts {
  uint64_t hints = 0;           // hints accepted
  uint64_t items = 0;           // hint items
  uint64_t queued = 0;          // objects queued
  uint64_t fetched = 0;         // objects fetched from the origin by a warm
  uint64_t already_cached = 0;  // found stored, or being filled for a viewer
  uint64_t failed = 0;          // the warm fetch failed (origin error, not found, truncated)
  uint64_t dropped = 0;         // expired, cancelled or pushed out of a full queue unstarted
  uint64_t bytes_fetched = 0;
  uint64_t later_hit = 0;        // fetched objects a viewer asked for afterwards
  uint64_t later_hit_bytes = 0;  // bytes of those: what warming saved a viewer from fetching
  uint64_t evicted_unhit = 0;    // fetched objects evicted before any viewer asked
  uint64_t wasted_bytes = 0;     // bytes of those

  bool operator==(const WarmCounts&) const = default;
};

enum class WarmOutcome : uint8_t { kFetched, kAlreadyCached, kFailed, kDropped };

class WarmLedger {
 public:
  // Keeps the counts of the `max_hints` latest hints and tracks at most `max_tracked` fetched
  // objects awaiting a hit (the oldest is forgotten, neither hit nor wasted, beyond that).
  explicit WarmLedger(std::size_t max_hints = 256, std::size_t max_tracked = 200'000);
  ~WarmLedger();
  WarmLedger(const WarmLedger&) = delete;
  WarmLedger& operator=(const WarmLedger&) = delete;

  // A hint id accepted again while kept adds to its entry and moves it to the front.
  void hint_accepted(const std::string& hint, std::size_t items, int64_t expires_at);
  void queued(const std::string& hint, std::size_t objects);
  // `bytes` matters for kFetched: what the object weighs when it is later hit or wasted.
  void outcome(const std::string& hint, const std::string& key, WarmOutcome outcome,
               uint64_t bytes);
  // A viewer's request hit `key`; counts for the hint that fetched it, the first time only.
  // Returns whether it was a tracked warm object; a hit one is tracked no more.
  bool viewer_hit(std::string_view key);
  // The cache evicted `key`; a tracked warm object not hit yet is counted wasted. Returns
  // whether it was.
  bool evicted(std::string_view key);

  struct HintReport {
    std::string hint;
    int64_t expires_at = 0;
    WarmCounts counts;
  };
  WarmCounts total() const;
  std::vector<HintReport> hints() const;  // latest first
  std::size_t tracked() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  mutable std::mutex mutex_;
};

}  // namespace prefetch
