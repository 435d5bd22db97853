// ServerMetrics: label names and the per-worker handles on the server's metric families.
#include "core/server/server_metrics.h"

#include <string>

namespace core::server {

std::string_view to_label(WireProtocol protocol) {
  return protocol == WireProtocol::kHttp1 ? "http1" : "http2";
}

std::string_view to_label(TimeoutKind kind) {
  switch (kind) {
    case TimeoutKind::kHeaderRead:
      return "header_read";
    case TimeoutKind::kBodyRead:
      return "body_read";
    case TimeoutKind::kIdle:
      return "idle";
    case TimeoutKind::kWrite:
      return "write";
    case TimeoutKind::kTlsHandshake:
      return "tls_handshake";
  }
  return "idle";
}

ServerMetrics::PerProtocol::PerProtocol(metrics::Registry& registry, WireProtocol p)
    : protocol(p),
      connections(registry.gauge(families::kConnectionsOpen, {to_label(p)})),
      streams(registry.gauge(families::kStreamsOpen, {to_label(p)})),
      received(registry.counter(families::kReceivedBytes, {to_label(p)})),
      sent(registry.counter(families::kSentBytes, {to_label(p)})),
      latency(registry.histogram(families::kRequestDuration, {to_label(p)})) {}

ServerMetrics::ServerMetrics(metrics::Registry& registry)
    : registry_(registry),
      accepted_tcp_(registry.counter(families::kConnectionsAccepted, {"tcp"})),
      accepted_tls_(registry.counter(families::kConnectionsAccepted, {"tls"})),
      tls_failures_(registry.counter(families::kTlsHandshakeFailures)),
      timeouts_{},
      http1_(registry, WireProtocol::kHttp1),
      http2_(registry, WireProtocol::kHttp2) {
  for (size_t i = 0; i < timeouts_.size(); ++i) {
    timeouts_[i] = &registry.counter(families::kTimeouts, {to_label(static_cast<TimeoutKind>(i))});
  }
}

void ServerMetrics::connection_refused(std::string_view reason) {
  registry_.counter(families::kConnectionsRefused, {reason}).inc();
}

void ServerMetrics::request_done(WireProtocol protocol, int status,
                                 std::chrono::nanoseconds latency) {
  PerProtocol& p = per(protocol);
  p.latency.observe(std::chrono::duration<double>(latency).count());
  if (status < kFirstStatus || status >= kFirstStatus + kStatusCount) {
    registry_.counter(families::kRequests, {to_label(protocol), std::to_string(status)}).inc();
    return;
  }
  metrics::Counter*& counter = p.by_status[static_cast<size_t>(status - kFirstStatus)];
  if (counter == nullptr) {
    counter = &registry_.counter(families::kRequests, {to_label(protocol), std::to_string(status)});
  }
  counter->inc();
}

void ServerMetrics::rejected(std::string_view reason) {
  registry_.counter(families::kRejectedRequests, {reason}).inc();
}

void ServerMetrics::timeout(TimeoutKind kind) {
  timeouts_[static_cast<size_t>(kind)]->inc();
}

void ServerMetrics::http2_misbehaviour(std::string_view reason) {
  registry_.counter(families::kHttp2Misbehaviour, {reason}).inc();
}

}  // namespace core::server
