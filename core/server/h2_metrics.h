// The HTTP/2 codec's own metric families (streams, resets, GOAWAYs by error code) and
// Http2Metrics, one connection's handles on them. Abuse detections are counted in the
// server's table (server_http2_misbehaviour_total), beside the other rejections.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/metrics/registry.h"

namespace core::server {

// The RFC 9113 error code as a label ("no_error", "enhance_your_calm", ...; "unknown" beyond).
std::string_view h2_error_label(uint32_t error_code);

namespace h2_families {

inline constexpr std::string_view kCodeLabels[] = {"code"};

using metrics::FamilySpec;
using metrics::Kind;

inline constexpr FamilySpec kStreamsOpened{"server_http2_streams_opened_total",
                                           "HTTP/2 streams a client opened with a request.",
                                           Kind::kCounter};
inline constexpr FamilySpec kStreamsClosed{"server_http2_streams_closed_total",
                                           "HTTP/2 streams closed, however they ended.",
                                           Kind::kCounter};
inline constexpr FamilySpec kResetsReceived{"server_http2_resets_received_total",
                                            "RST_STREAM frames received, by error code.",
                                            Kind::kCounter, kCodeLabels};
inline constexpr FamilySpec kResetsSent{
    "server_http2_resets_sent_total",
    "RST_STREAM frames sent, by error code (refused_stream: over the concurrency limit).",
    Kind::kCounter, kCodeLabels};
inline constexpr FamilySpec kGoawaysSent{"server_http2_goaways_sent_total",
                                         "GOAWAY frames sent, by error code.", Kind::kCounter,
                                         kCodeLabels};

inline constexpr const FamilySpec* kAll[] = {&kStreamsOpened, &kStreamsClosed, &kResetsReceived,
                                             &kResetsSent, &kGoawaysSent};

}  // namespace h2_families

// One connection's counters; the per-code series are looked up when first counted.
class Http2Metrics {
 public:
  explicit Http2Metrics(metrics::Registry& registry);

  void stream_opened() { opened_.inc(); }
  void stream_closed() { closed_.inc(); }
  void reset_received(uint32_t error_code);
  void reset_sent(uint32_t error_code);
  void goaway_sent(uint32_t error_code);

 private:
  metrics::Registry& registry_;
  metrics::Counter& opened_;
  metrics::Counter& closed_;
};

}  // namespace core::server
