// ProxyMetrics: label names and the per-worker handles on the proxy's metric families.
#include "edge/proxy/proxy_metrics.h"

namespace edge::proxy {

std::string_view to_label(Outcome outcome) {
  switch (outcome) {
    case Outcome::kComplete:
      return "complete";
    case Outcome::kRejected:
      return "rejected";
    case Outcome::kMethodNotAllowed:
      return "method_not_allowed";
    case Outcome::kAdmin:
      return "admin";
    case Outcome::kNotFound:
      return "not_found";
    case Outcome::kUpstreamError:
      return "upstream_error";
    case Outcome::kAborted:
      return "aborted";
    case Outcome::kClientGone:
      return "client_gone";
    case Outcome::kRedirected:
      return "redirected";
  }
  return "complete";
}

ProxyMetrics::ProxyMetrics(core::metrics::Registry& registry, std::span<const std::string> origins)
    : registry_(registry),
      range_multiple_(registry.counter(families::kRangeRewrites, {"multiple"})),
      range_invalid_(registry.counter(families::kRangeRewrites, {"invalid"})) {
  for (size_t i = 0; i < kOutcomeCount; ++i) {
    requests_[i] = &registry.counter(families::kRequests, {to_label(static_cast<Outcome>(i))});
  }
  for (size_t i = 0; i < kPathRejectionCount; ++i) {
    rejections_[i] =
        &registry.counter(families::kPathRejections, {to_label(static_cast<PathRejection>(i))});
  }
  for (size_t i = 0; i < kSourceErrors; ++i) {
    aborted_[i] = &registry.counter(families::kAborted, {to_string(static_cast<SourceError>(i))});
  }
  // Only these failures are ever retried (see OriginFetch).
  for (auto cause : {core::client::FetchError::kConnect, core::client::FetchError::kTimeout,
                     core::client::FetchError::kReset}) {
    retries_[static_cast<size_t>(cause)] =
        &registry.counter(families::kRetries, {core::client::to_string(cause)});
  }
  for (const std::string& origin : origins) {
    origins_.push_back(PerOrigin{&registry.counter(families::kSelections, {origin, "primary"}),
                                 &registry.counter(families::kSelections, {origin, "failover"}),
                                 &registry.counter(families::kOriginsMarkedDown, {origin})});
  }
}

void ProxyMetrics::retry(core::client::FetchError cause) {
  if (core::metrics::Counter* counter = retries_[static_cast<size_t>(cause)]) counter->inc();
}

void ProxyMetrics::range_rewritten(core::http::RangeKind kind) {
  if (kind == core::http::RangeKind::kMultiple) range_multiple_.inc();
  if (kind == core::http::RangeKind::kInvalid) range_invalid_.inc();
}

}  // namespace edge::proxy
