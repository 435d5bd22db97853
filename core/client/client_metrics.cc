// ClientMetrics: label names and the per-origin handles on the client's metric families.
#include "core/client/client_metrics.h"

namespace core::client {

std::string_view to_label(ConnectionEvent event) {
  switch (event) {
    case ConnectionEvent::kOpened:
      return "opened";
    case ConnectionEvent::kReused:
      return "reused";
    case ConnectionEvent::kClosedByPeer:
      return "closed_by_peer";
    case ConnectionEvent::kOverCapacity:
      return "over_capacity";
    case ConnectionEvent::kNotReusable:
      return "not_reusable";
    case ConnectionEvent::kSurplusBytes:
      return "surplus_bytes";
  }
  return "opened";
}

ClientMetrics::ClientMetrics(metrics::Registry& registry, std::string_view origin)
    : requests_(registry.counter(families::kRequests, {origin})),
      first_byte_(registry.histogram(families::kFirstByte, {origin})),
      response_time_(registry.histogram(families::kResponseTime, {origin})) {
  for (size_t i = 0; i < kErrorKinds; ++i) {
    errors_[i] =
        &registry.counter(families::kErrors, {origin, to_string(static_cast<FetchError>(i))});
  }
  for (size_t i = 0; i < kConnectionEvents; ++i) {
    connections_[i] = &registry.counter(families::kConnections,
                                        {origin, to_label(static_cast<ConnectionEvent>(i))});
  }
}

void ClientMetrics::first_byte(std::chrono::nanoseconds latency) {
  first_byte_.observe(std::chrono::duration<double>(latency).count());
}

void ClientMetrics::response_done(std::chrono::nanoseconds latency) {
  response_time_.observe(std::chrono::duration<double>(latency).count());
}

}  // namespace core::client
