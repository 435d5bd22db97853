// The families of pre-warming's metrics.
#include "edge/warm/warm_metrics.h"

namespace edge::warm {
namespace {

using core::metrics::FamilySpec;
using core::metrics::Kind;

constexpr std::string_view kResultLabels[] = {"result"};
constexpr std::string_view kOutcomeLabels[] = {"outcome"};

constexpr FamilySpec kHints{"edge_prewarm_hints_total",
                            "POST /_edge/prewarm requests by result (accepted, unsigned, "
                            "invalid, expired, rate_limited).",
                            Kind::kCounter, kResultLabels};
constexpr FamilySpec kCmcd{"edge_prewarm_cmcd_total",
                           "Viewer requests carrying a CMCD next object (nor), by what the edge "
                           "did with it (queued, low_buffer, ignored, cached, busy).",
                           Kind::kCounter, kResultLabels};
constexpr FamilySpec kObjects{"edge_prewarm_objects_total",
                              "Objects a pre-warm asked for, by outcome (fetched, "
                              "already_cached, failed, dropped).",
                              Kind::kCounter, kOutcomeLabels};
constexpr FamilySpec kFetchedBytes{"edge_prewarm_fetched_bytes_total",
                                   "Body bytes pre-warming fetched from the origins.",
                                   Kind::kCounter};
constexpr FamilySpec kUsed{"edge_prewarm_used_total",
                           "Warmed objects a viewer asked for afterwards (first hit only).",
                           Kind::kCounter};
constexpr FamilySpec kWasted{"edge_prewarm_wasted_total",
                             "Warmed objects evicted before any viewer asked for them.",
                             Kind::kCounter};
constexpr FamilySpec kWastedBytes{"edge_prewarm_wasted_bytes_total",
                                  "Bytes of warmed objects evicted before any viewer asked.",
                                  Kind::kCounter};
constexpr FamilySpec kQueued{"edge_prewarm_queued", "Warm fetches waiting to start.", Kind::kGauge};
constexpr FamilySpec kInFlight{"edge_prewarm_in_flight", "Warm fetches running.", Kind::kGauge};

}  // namespace

std::string_view to_label(HintResult result) {
  switch (result) {
    case HintResult::kAccepted:
      return "accepted";
    case HintResult::kUnsigned:
      return "unsigned";
    case HintResult::kInvalid:
      return "invalid";
    case HintResult::kExpired:
      return "expired";
    case HintResult::kRateLimited:
      return "rate_limited";
  }
  return "unknown";
}

std::string_view to_label(CmcdResult result) {
  switch (result) {
    case CmcdResult::kQueued:
      return "queued";
    case CmcdResult::kLowBuffer:
      return "low_buffer";
    case CmcdResult::kIgnored:
      return "ignored";
    case CmcdResult::kCached:
      return "cached";
    case CmcdResult::kBusy:
      return "busy";
  }
  return "unknown";
}

std::string_view to_label(prefetch::WarmOutcome outcome) {
  switch (outcome) {
    case prefetch::WarmOutcome::kFetched:
      return "fetched";
    case prefetch::WarmOutcome::kAlreadyCached:
      return "already_cached";
    case prefetch::WarmOutcome::kFailed:
      return "failed";
    case prefetch::WarmOutcome::kDropped:
      return "dropped";
  }
  return "unknown";
}

WarmMetrics::WarmMetrics(core::metrics::Registry& registry)
    : fetched_bytes_(registry.counter(kFetchedBytes)),
      used_(registry.counter(kUsed)),
      wasted_(registry.counter(kWasted)),
      wasted_bytes_(registry.counter(kWastedBytes)),
      queued_(registry.gauge(kQueued)),
      in_flight_(registry.gauge(kInFlight)) {
  for (size_t i = 0; i < kHintResultCount; ++i)
    hints_[i] = &registry.counter(kHints, {to_label(static_cast<HintResult>(i))});
  for (size_t i = 0; i < kCmcdResultCount; ++i)
    cmcd_[i] = &registry.counter(kCmcd, {to_label(static_cast<CmcdResult>(i))});
  for (size_t i = 0; i < kOutcomeCount; ++i)
    outcomes_[i] = &registry.counter(kObjects, {to_label(static_cast<prefetch::WarmOutcome>(i))});
}

void WarmMetrics::outcome(prefetch::WarmOutcome outcome, uint64_t bytes) {
  outcomes_[static_cast<size_t>(outcome)]->inc();
  if (outcome == prefetch::WarmOutcome::kFetched) fetched_bytes_.inc(bytes);
}

}  // namespace edge::warm
