// Pre-warming's Prometheus metrics, declared once. Process-wide: hints arrive on any worker,
// warm fetches run on one, and viewer hits and evictions are seen everywhere.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/metrics/registry.h"
#include "prefetch/warm_ledger.h"

namespace edge::warm {

// How a POST /_edge/prewarm ended, as the `result` label names it.
enum class HintResult : uint8_t {
  kAccepted,     // "accepted": 202, queued
  kUnsigned,     // "unsigned": no, wrong, expired or replayed signature (401)
  kInvalid,      // "invalid": the body is not a valid hint, or too large (400, 413)
  kExpired,      // "expired": expires_at already passed (400)
  kRateLimited,  // "rate_limited": over the hints-per-second limit (429)
};
inline constexpr size_t kHintResultCount = 5;
std::string_view to_label(HintResult result);

// What a CMCD next-object request did, as the `result` label names it.
enum class CmcdResult : uint8_t {
  kQueued,     // "queued"
  kLowBuffer,  // "low_buffer": the player's buffer is below the threshold
  kIgnored,    // "ignored": nor not a safe path of the requested video
  kCached,     // "cached": stored or being filled already
  kBusy,       // "busy": the queue is half full; the rest is kept for the control plane's hints
};
inline constexpr size_t kCmcdResultCount = 5;
std::string_view to_label(CmcdResult result);

inline constexpr size_t kOutcomeCount = 4;  // prefetch::WarmOutcome
std::string_view to_label(prefetch::WarmOutcome outcome);

class WarmMetrics {
 public:
  explicit WarmMetrics(core::metrics::Registry& registry);

  void hint(HintResult result) { hints_[static_cast<size_t>(result)]->inc(); }
  void cmcd(CmcdResult result) { cmcd_[static_cast<size_t>(result)]->inc(); }
  void outcome(prefetch::WarmOutcome outcome, uint64_t bytes);
  void used() { used_.inc(); }
  void wasted(uint64_t bytes) {
    wasted_.inc();
    wasted_bytes_.inc(bytes);
  }
  void queue(size_t queued, size_t in_flight) {
    queued_.set(static_cast<int64_t>(queued));
    in_flight_.set(static_cast<int64_t>(in_flight));
  }

 private:
  std::array<core::metrics::Counter*, kHintResultCount> hints_{};
  std::array<core::metrics::Counter*, kCmcdResultCount> cmcd_{};
  std::array<core::metrics::Counter*, kOutcomeCount> outcomes_{};
  core::metrics::Counter& fetched_bytes_;
  core::metrics::Counter& used_;
  core::metrics::Counter& wasted_;
  core::metrics::Counter& wasted_bytes_;
  core::metrics::Gauge& queued_;
  core::metrics::Gauge& in_flight_;
};

}  // namespace edge::warm
