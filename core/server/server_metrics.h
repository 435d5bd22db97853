// The metrics of core/server, declared once: every family the server and its codecs (HTTP/1.1
// and HTTP/2) count, and ServerMetrics, one worker's handles on them for the hot path.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string_view>

#include "core/metrics/registry.h"

namespace core::server {

// The protocol a connection speaks, as metric labels name it ("http1", "http2").
enum class WireProtocol : uint8_t { kHttp1, kHttp2 };
std::string_view to_label(WireProtocol protocol);

// Why a connection was closed for lack of progress, as the `kind` label names it.
enum class TimeoutKind : uint8_t {
  kHeaderRead,    // "header_read": a request head took too long (slowloris)
  kBodyRead,      // "body_read": no request body bytes for too long
  kIdle,          // "idle": a connection without a request in flight stayed silent
  kWrite,         // "write": a response made no progress (slow read)
  kTlsHandshake,  // "tls_handshake": the handshake did not finish in time
};
std::string_view to_label(TimeoutKind kind);

namespace families {

inline constexpr std::string_view kTransportLabels[] = {"transport"};
inline constexpr std::string_view kProtocolLabels[] = {"protocol"};
inline constexpr std::string_view kRequestLabels[] = {"protocol", "code"};
inline constexpr std::string_view kReasonLabels[] = {"reason"};
inline constexpr std::string_view kKindLabels[] = {"kind"};
// Seconds, from half a millisecond to ten seconds.
inline constexpr double kLatencyBuckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                             0.1,    0.25,  0.5,    1.0,   2.5,  5.0,   10.0};

using metrics::FamilySpec;
using metrics::Kind;

inline constexpr FamilySpec kConnectionsAccepted{"server_connections_accepted_total",
                                                 "Connections accepted, by transport (tcp, tls).",
                                                 Kind::kCounter, kTransportLabels};
inline constexpr FamilySpec kConnectionsRefused{
    "server_connections_refused_total",
    "Connections closed at accept, by reason (connection_limit).", Kind::kCounter, kReasonLabels};
inline constexpr FamilySpec kConnectionsOpen{
    "server_connections_open", "Open connections whose protocol is known, by protocol.",
    Kind::kGauge, kProtocolLabels};
inline constexpr FamilySpec kStreamsOpen{"server_streams_open", "Requests in flight, by protocol.",
                                         Kind::kGauge, kProtocolLabels};
inline constexpr FamilySpec kRequests{"server_requests_total",
                                      "Responses sent, by protocol and status code.",
                                      Kind::kCounter, kRequestLabels};
inline constexpr FamilySpec kRequestDuration{
    "server_request_duration_seconds",
    "Time from a complete request head to the last response byte queued, by protocol.",
    Kind::kHistogram, kProtocolLabels, kLatencyBuckets};
inline constexpr FamilySpec kReceivedBytes{"server_received_bytes_total",
                                           "Bytes read from clients (after TLS), by protocol.",
                                           Kind::kCounter, kProtocolLabels};
inline constexpr FamilySpec kSentBytes{"server_sent_bytes_total",
                                       "Bytes written to clients (before TLS), by protocol.",
                                       Kind::kCounter, kProtocolLabels};
inline constexpr FamilySpec kRejectedRequests{
    "server_rejected_requests_total",
    "Requests refused before reaching a handler, by reason (the HTTP/1 parser's error names, "
    "unsupported_expectation, and the HTTP/2 codec's reasons).",
    Kind::kCounter, kReasonLabels};
inline constexpr FamilySpec kTimeouts{"server_timeouts_total",
                                      "Connections closed for lack of progress, by kind.",
                                      Kind::kCounter, kKindLabels};
inline constexpr FamilySpec kTlsHandshakeFailures{"server_tls_handshake_failures_total",
                                                  "TLS handshakes that failed or were cut off.",
                                                  Kind::kCounter};
inline constexpr FamilySpec kHttp2Misbehaviour{
    "server_http2_misbehaviour_total",
    "HTTP/2 abuse detected on a connection (rapid resets, floods), by reason.", Kind::kCounter,
    kReasonLabels};

// Every family above, for documentation and checks.
inline constexpr const FamilySpec* kAll[] = {
    &kConnectionsAccepted,  &kConnectionsRefused, &kConnectionsOpen, &kStreamsOpen,      &kRequests,
    &kRequestDuration,      &kReceivedBytes,      &kSentBytes,       &kRejectedRequests, &kTimeouts,
    &kTlsHandshakeFailures, &kHttp2Misbehaviour};

}  // namespace families

// One worker's server metrics. Only that worker's loop thread calls it; the series of fixed
// label sets are looked up once, the per-status counters on first use.
class ServerMetrics {
 public:
  explicit ServerMetrics(metrics::Registry& registry);
  ServerMetrics(const ServerMetrics&) = delete;
  ServerMetrics& operator=(const ServerMetrics&) = delete;

  metrics::Registry& registry() { return registry_; }

  void connection_accepted(bool tls) { (tls ? accepted_tls_ : accepted_tcp_).inc(); }
  void connection_refused(std::string_view reason);
  metrics::Gauge& connections_open(WireProtocol protocol) { return per(protocol).connections; }
  metrics::Gauge& streams_open(WireProtocol protocol) { return per(protocol).streams; }
  metrics::Counter& bytes_received(WireProtocol protocol) { return per(protocol).received; }
  metrics::Counter& bytes_sent(WireProtocol protocol) { return per(protocol).sent; }
  // One response ended: counts it by status and observes its latency.
  void request_done(WireProtocol protocol, int status, std::chrono::nanoseconds latency);
  void rejected(std::string_view reason);
  void timeout(TimeoutKind kind);
  void tls_handshake_failed() { tls_failures_.inc(); }
  void http2_misbehaviour(std::string_view reason);

 private:
  static constexpr int kFirstStatus = 100;
  static constexpr int kStatusCount = 500;  // 100..599

  struct PerProtocol {
    PerProtocol(metrics::Registry& registry, WireProtocol protocol);
    WireProtocol protocol;
    metrics::Gauge& connections;
    metrics::Gauge& streams;
    metrics::Counter& received;
    metrics::Counter& sent;
    metrics::Histogram& latency;
    std::array<metrics::Counter*, kStatusCount> by_status{};
  };
  PerProtocol& per(WireProtocol protocol) {
    return protocol == WireProtocol::kHttp1 ? http1_ : http2_;
  }

  metrics::Registry& registry_;
  metrics::Counter& accepted_tcp_;
  metrics::Counter& accepted_tls_;
  metrics::Counter& tls_failures_;
  std::array<metrics::Counter*, 5> timeouts_;
  PerProtocol http1_;
  PerProtocol http2_;
};

}  // namespace core::server
