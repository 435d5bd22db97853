// The metrics of edge/proxy, declared once: requests by outcome, path rejections by reason,
// origin selection and fail-over, health marking, retries, aborted responses and Range
// rewrites. Upstream latencies and errors per origin are core/client's (client_metrics.h).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/client/origin_client.h"
#include "core/http/range_header.h"
#include "core/metrics/registry.h"
#include "edge/proxy/object_source.h"
#include "edge/proxy/path_safety.h"

namespace edge::proxy {

// How a request through the proxy ended, as the `outcome` label names it.
enum class Outcome : uint8_t {
  kComplete,          // "complete": the whole response reached the codec
  kRejected,          // "rejected": refused by path safety (400)
  kMethodNotAllowed,  // "method_not_allowed": not GET or HEAD (405)
  kAdmin,             // "admin": handed to the admin handler
  kNotFound,          // "not_found": admin prefix without an admin handler (404)
  kUpstreamError,     // "upstream_error": no usable response from any origin (502, 504)
  kAborted,           // "aborted": the origin failed mid-body; the viewer saw it cut off
  kClientGone,        // "client_gone": the viewer went away before the end
  kRedirected,        // "redirected": sent to the PoP the viewer belongs to (302)
};
inline constexpr size_t kOutcomeCount = 9;
std::string_view to_label(Outcome outcome);

namespace families {

inline constexpr std::string_view kOutcomeLabels[] = {"outcome"};
inline constexpr std::string_view kReasonLabels[] = {"reason"};
inline constexpr std::string_view kOriginChoiceLabels[] = {"origin", "choice"};
inline constexpr std::string_view kOriginLabels[] = {"origin"};
inline constexpr std::string_view kKindLabels[] = {"kind"};

using core::metrics::FamilySpec;
using core::metrics::Kind;

inline constexpr FamilySpec kRequests{
    "edge_proxy_requests_total",
    "Requests through the proxy, by outcome (complete, rejected, method_not_allowed, admin, "
    "not_found, upstream_error, aborted, client_gone).",
    Kind::kCounter, kOutcomeLabels};
inline constexpr FamilySpec kPathRejections{
    "edge_proxy_path_rejections_total",
    "Requests refused with 400 before reaching an origin, by reason of path safety.",
    Kind::kCounter, kReasonLabels};
inline constexpr FamilySpec kSelections{
    "edge_proxy_upstream_selections_total",
    "Origin attempts, by origin and choice (primary: the hash ring's owner on the first "
    "attempt; failover: any other).",
    Kind::kCounter, kOriginChoiceLabels};
inline constexpr FamilySpec kOriginsMarkedDown{
    "edge_proxy_origin_marked_down_total",
    "Times an origin was marked down after consecutive connect failures or timeouts.",
    Kind::kCounter, kOriginLabels};
inline constexpr FamilySpec kRetries{
    "edge_proxy_retries_total",
    "Attempts retried before any response byte reached the viewer, by the failure that caused "
    "them (connect, timeout, reset).",
    Kind::kCounter, kReasonLabels};
inline constexpr FamilySpec kAborted{
    "edge_proxy_aborted_responses_total",
    "Responses cut off after their head was sent, by reason (truncated, timeout, ...).",
    Kind::kCounter, kReasonLabels};
inline constexpr FamilySpec kRangeRewrites{
    "edge_proxy_range_rewrites_total",
    "Range fields removed before forwarding, by kind (multiple, invalid).", Kind::kCounter,
    kKindLabels};

inline constexpr const FamilySpec* kAll[] = {&kRequests,          &kPathRejections, &kSelections,
                                             &kOriginsMarkedDown, &kRetries,        &kAborted,
                                             &kRangeRewrites};

}  // namespace families

// One worker's handles on the proxy metrics; every series is looked up at construction.
class ProxyMetrics {
 public:
  // `origins` are the origins' authorities, in configuration order.
  ProxyMetrics(core::metrics::Registry& registry, std::span<const std::string> origins);
  ProxyMetrics(const ProxyMetrics&) = delete;
  ProxyMetrics& operator=(const ProxyMetrics&) = delete;

  void request(Outcome outcome) { requests_[static_cast<size_t>(outcome)]->inc(); }
  void path_rejected(PathRejection reason) { rejections_[static_cast<size_t>(reason)]->inc(); }
  void selected(size_t origin, bool failover) {
    (failover ? origins_[origin].failover : origins_[origin].primary)->inc();
  }
  void marked_down(size_t origin) { origins_[origin].down->inc(); }
  void retry(core::client::FetchError cause);
  void aborted(SourceError reason) { aborted_[static_cast<size_t>(reason)]->inc(); }
  void range_rewritten(core::http::RangeKind kind);

  core::metrics::Registry& registry() { return registry_; }

 private:
  static constexpr size_t kSourceErrors = 4;
  static constexpr size_t kFetchErrors = 7;
  struct PerOrigin {
    core::metrics::Counter* primary;
    core::metrics::Counter* failover;
    core::metrics::Counter* down;
  };

  core::metrics::Registry& registry_;
  std::array<core::metrics::Counter*, kOutcomeCount> requests_{};
  std::array<core::metrics::Counter*, kPathRejectionCount> rejections_{};
  std::array<core::metrics::Counter*, kSourceErrors> aborted_{};
  std::array<core::metrics::Counter*, kFetchErrors> retries_{};
  core::metrics::Counter& range_multiple_;
  core::metrics::Counter& range_invalid_;
  std::vector<PerOrigin> origins_;
};

}  // namespace edge::proxy
