// Http2Metrics: error code labels and the lookups of the per-code series.
#include "core/server/h2_metrics.h"

#include <array>

namespace core::server {
namespace {

// Indexed by the RFC 9113 section 7 error code.
constexpr std::array<std::string_view, 14> kErrorLabels = {"no_error",
                                                           "protocol_error",
                                                           "internal_error",
                                                           "flow_control_error",
                                                           "settings_timeout",
                                                           "stream_closed",
                                                           "frame_size_error",
                                                           "refused_stream",
                                                           "cancel",
                                                           "compression_error",
                                                           "connect_error",
                                                           "enhance_your_calm",
                                                           "inadequate_security",
                                                           "http_1_1_required"};

}  // namespace

std::string_view h2_error_label(uint32_t error_code) {
  return error_code < kErrorLabels.size() ? kErrorLabels[error_code] : "unknown";
}

Http2Metrics::Http2Metrics(metrics::Registry& registry)
    : registry_(registry),
      opened_(registry.counter(h2_families::kStreamsOpened)),
      closed_(registry.counter(h2_families::kStreamsClosed)) {}

void Http2Metrics::reset_received(uint32_t error_code) {
  registry_.counter(h2_families::kResetsReceived, {h2_error_label(error_code)}).inc();
}

void Http2Metrics::reset_sent(uint32_t error_code) {
  registry_.counter(h2_families::kResetsSent, {h2_error_label(error_code)}).inc();
}

void Http2Metrics::goaway_sent(uint32_t error_code) {
  registry_.counter(h2_families::kGoawaysSent, {h2_error_label(error_code)}).inc();
}

}  // namespace core::server
