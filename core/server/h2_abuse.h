// Per-connection accounting of HTTP/2 behaviour that costs the server work without serving
// anything: reset streams, control frames, empty frames. A connection that goes past a limit
// within Limits::abuse_window is an abuser and gets GOAWAY (ENHANCE_YOUR_CALM).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string_view>

#include "core/server/server.h"

namespace core::server {

enum class Abuse : uint8_t {
  kRapidReset,         // "rapid_reset": streams reset by the client (CVE-2023-44487)
  kSettingsFlood,      // "settings_flood"
  kPingFlood,          // "ping_flood"
  kPriorityFlood,      // "priority_flood"
  kWindowUpdateFlood,  // "window_update_flood": updates beyond what the DATA we sent explains
  kEmptyFrameFlood,    // "empty_frame_flood": DATA without payload or END_STREAM, empty
                       // HEADERS or CONTINUATION
  kContinuationFlood,  // "continuation_flood": a header block in too many or too large pieces
  kOutboundFlood,      // "outbound_flood": frames to acknowledge piling up unread (nghttp2)
};
inline constexpr size_t kAbuseKinds = 8;

// The `reason` label of server_http2_misbehaviour_total.
std::string_view to_label(Abuse abuse);

class AbuseGuard {
 public:
  explicit AbuseGuard(const Limits& limits);

  // Counts one event of `kind` at `now`; true once the connection is past the limit for it.
  // Windows are fixed: each starts with the first event after the previous one expired.
  bool count(Abuse kind, std::chrono::steady_clock::time_point now);
  // Each DATA frame sent makes two WINDOW_UPDATEs (stream and connection) free of charge.
  void data_frame_sent();
  // A WINDOW_UPDATE arrived: free if earned by DATA sent, else counted as a possible flood.
  bool window_update(std::chrono::steady_clock::time_point now);

 private:
  struct Window {
    std::chrono::steady_clock::time_point start{};
    uint32_t count = 0;
  };

  uint32_t limit(Abuse kind) const;

  const Limits& limits_;
  std::array<Window, kAbuseKinds> windows_{};
  uint32_t update_credit_ = 0;
};

}  // namespace core::server
