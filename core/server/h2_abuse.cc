// AbuseGuard: fixed-window counters per kind of HTTP/2 misbehaviour.
#include "core/server/h2_abuse.h"

#include <algorithm>

namespace core::server {
namespace {

// WINDOW_UPDATE credit banked from DATA frames; enough for every stream of a busy connection.
constexpr uint32_t kMaxUpdateCredit = 4096;

}  // namespace

std::string_view to_label(Abuse abuse) {
  switch (abuse) {
    case Abuse::kRapidReset:
      return "rapid_reset";
    case Abuse::kSettingsFlood:
      return "settings_flood";
    case Abuse::kPingFlood:
      return "ping_flood";
    case Abuse::kPriorityFlood:
      return "priority_flood";
    case Abuse::kWindowUpdateFlood:
      return "window_update_flood";
    case Abuse::kEmptyFrameFlood:
      return "empty_frame_flood";
    case Abuse::kContinuationFlood:
      return "continuation_flood";
    case Abuse::kOutboundFlood:
      return "outbound_flood";
  }
  return "unknown";
}

AbuseGuard::AbuseGuard(const Limits& limits) : limits_(limits) {}

uint32_t AbuseGuard::limit(Abuse kind) const {
  switch (kind) {
    case Abuse::kRapidReset:
      return limits_.max_resets_per_window;
    case Abuse::kEmptyFrameFlood:
      return limits_.max_empty_frames_per_window;
    case Abuse::kSettingsFlood:
    case Abuse::kPingFlood:
    case Abuse::kPriorityFlood:
    case Abuse::kWindowUpdateFlood:
      return limits_.max_control_frames_per_window;
    case Abuse::kContinuationFlood:
    case Abuse::kOutboundFlood:
      return 0;  // detected as a whole elsewhere: the first one is already too many
  }
  return 0;
}

bool AbuseGuard::count(Abuse kind, std::chrono::steady_clock::time_point now) {
  Window& window = windows_[static_cast<size_t>(kind)];
  if (window.count == 0 || now - window.start >= limits_.abuse_window) {
    window.start = now;
    window.count = 0;
  }
  ++window.count;
  return window.count > limit(kind);
}

void AbuseGuard::data_frame_sent() {
  update_credit_ = std::min(update_credit_ + 2, kMaxUpdateCredit);
}

bool AbuseGuard::window_update(std::chrono::steady_clock::time_point now) {
  if (update_credit_ > 0) {
    --update_credit_;
    return false;
  }
  return count(Abuse::kWindowUpdateFlood, now);
}

}  // namespace core::server
