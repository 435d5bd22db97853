// The metrics of core/client, declared once: upstream requests, errors by kind, latencies
// (first byte and whole response) and connection reuse, each labelled with the origin.
#pragma once

#include <array>
#include <chrono>
#include <string_view>

#include "core/client/origin_client.h"
#include "core/metrics/registry.h"

namespace core::client {

// How a fetch got its connection, or why the pool let an idle one go.
enum class ConnectionEvent : uint8_t {
  kOpened,        // "opened": a new connection was made for a fetch
  kReused,        // "reused": an idle connection from the pool carried the fetch
  kClosedByPeer,  // "closed_by_peer": the origin closed an idle connection (or sent junk)
  kOverCapacity,  // "over_capacity": the pool was full, the oldest idle one was closed
  kNotReusable,   // "not_reusable": the response said close or was cut off
  kSurplusBytes,  // "surplus_bytes": bytes followed the end of a response; closed
};
std::string_view to_label(ConnectionEvent event);

namespace families {

inline constexpr std::string_view kOriginLabels[] = {"origin"};
inline constexpr std::string_view kOriginKindLabels[] = {"origin", "kind"};
inline constexpr std::string_view kOriginEventLabels[] = {"origin", "event"};
// Seconds, from half a millisecond to ten seconds.
inline constexpr double kLatencyBuckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                             0.1,    0.25,  0.5,    1.0,   2.5,  5.0,   10.0};

using metrics::FamilySpec;
using metrics::Kind;

inline constexpr FamilySpec kRequests{"upstream_requests_total",
                                      "Requests sent to an origin, by origin.", Kind::kCounter,
                                      kOriginLabels};
inline constexpr FamilySpec kErrors{
    "upstream_errors_total",
    "Upstream fetches that failed, by origin and kind (connect, timeout, reset, bad_response, "
    "length_mismatch, too_large, bad_request).",
    Kind::kCounter, kOriginKindLabels};
inline constexpr FamilySpec kFirstByte{
    "upstream_first_byte_seconds",
    "Time from sending a request to the first byte of its response, by origin.", Kind::kHistogram,
    kOriginLabels, kLatencyBuckets};
inline constexpr FamilySpec kResponseTime{
    "upstream_response_seconds",
    "Time from sending a request to the end of its response body, by origin.", Kind::kHistogram,
    kOriginLabels, kLatencyBuckets};
inline constexpr FamilySpec kConnections{
    "upstream_connections_total",
    "Upstream connection events, by origin: opened, reused, closed_by_peer, over_capacity, "
    "not_reusable, surplus_bytes.",
    Kind::kCounter, kOriginEventLabels};

inline constexpr const FamilySpec* kAll[] = {&kRequests, &kErrors, &kFirstByte, &kResponseTime,
                                             &kConnections};

}  // namespace families

// One worker's handles on the client metrics of one origin; every series is looked up once,
// at construction, so the hot path never takes the registry's lock.
class ClientMetrics {
 public:
  ClientMetrics(metrics::Registry& registry, std::string_view origin);
  ClientMetrics(const ClientMetrics&) = delete;
  ClientMetrics& operator=(const ClientMetrics&) = delete;

  void request() { requests_.inc(); }
  void error(FetchError error) { errors_[static_cast<size_t>(error)]->inc(); }
  void first_byte(std::chrono::nanoseconds latency);
  void response_done(std::chrono::nanoseconds latency);
  void connection(ConnectionEvent event) { connections_[static_cast<size_t>(event)]->inc(); }

 private:
  static constexpr size_t kErrorKinds = 7;
  static constexpr size_t kConnectionEvents = 6;

  metrics::Counter& requests_;
  metrics::Histogram& first_byte_;
  metrics::Histogram& response_time_;
  std::array<metrics::Counter*, kErrorKinds> errors_{};
  std::array<metrics::Counter*, kConnectionEvents> connections_{};
};

}  // namespace core::client
