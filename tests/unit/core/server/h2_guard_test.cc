// AbuseGuard windows and WINDOW_UPDATE credit, and the HTTP2-Settings decoding of h2c Upgrade.
#include <gtest/gtest.h>

#include "core/server/h2_abuse.h"
#include "core/server/h2_session.h"

namespace core::server {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

Limits small_limits() {
  Limits limits;
  limits.max_resets_per_window = 3;
  limits.max_control_frames_per_window = 5;
  limits.max_empty_frames_per_window = 2;
  limits.abuse_window = milliseconds(1000);
  return limits;
}

TEST(Http2AbuseGuard, PastTheLimitWithinTheWindow) {
  const Limits limits = small_limits();
  AbuseGuard guard(limits);
  const Clock::time_point t0 = Clock::now();
  for (int i = 0; i < 3; ++i)
    EXPECT_FALSE(guard.count(Abuse::kRapidReset, t0)) << i;
  EXPECT_TRUE(guard.count(Abuse::kRapidReset, t0 + milliseconds(999)));
}

TEST(Http2AbuseGuard, ANewWindowStartsAfterTheOldOneExpires) {
  const Limits limits = small_limits();
  AbuseGuard guard(limits);
  const Clock::time_point t0 = Clock::now();
  for (int i = 0; i < 3; ++i)
    EXPECT_FALSE(guard.count(Abuse::kRapidReset, t0));
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(guard.count(Abuse::kRapidReset, t0 + milliseconds(1000))) << i;
  }
  EXPECT_TRUE(guard.count(Abuse::kRapidReset, t0 + milliseconds(1500)));
}

TEST(Http2AbuseGuard, KindsAreCountedApart) {
  const Limits limits = small_limits();
  AbuseGuard guard(limits);
  const Clock::time_point t0 = Clock::now();
  for (int i = 0; i < 5; ++i) {
    EXPECT_FALSE(guard.count(Abuse::kPingFlood, t0));
    EXPECT_FALSE(guard.count(Abuse::kSettingsFlood, t0));
  }
  EXPECT_FALSE(guard.count(Abuse::kEmptyFrameFlood, t0));
  EXPECT_FALSE(guard.count(Abuse::kEmptyFrameFlood, t0));
  EXPECT_TRUE(guard.count(Abuse::kEmptyFrameFlood, t0));
  EXPECT_TRUE(guard.count(Abuse::kPingFlood, t0));
  EXPECT_EQ(to_label(Abuse::kRapidReset), "rapid_reset");
  EXPECT_EQ(to_label(Abuse::kContinuationFlood), "continuation_flood");
}

TEST(Http2AbuseGuard, WindowUpdatesEarnedByDataAreFree) {
  const Limits limits = small_limits();
  AbuseGuard guard(limits);
  const Clock::time_point t0 = Clock::now();
  for (int frame = 0; frame < 100; ++frame) {
    guard.data_frame_sent();
    EXPECT_FALSE(guard.window_update(t0));  // the stream's
    EXPECT_FALSE(guard.window_update(t0));  // the connection's
  }
  // Unearned ones are counted like any control frame.
  for (int i = 0; i < 5; ++i)
    EXPECT_FALSE(guard.window_update(t0)) << i;
  EXPECT_TRUE(guard.window_update(t0));
}

TEST(Http2Settings, DecodesBase64UrlWithoutPadding) {
  // 00 03 00 00 00 64 | 00 04 00 00 ff ff: MAX_CONCURRENT_STREAMS 100, INITIAL_WINDOW 65535.
  const auto payload = decode_settings_header("AAMAAABkAAQAAP__");
  ASSERT_TRUE(payload.has_value());
  EXPECT_EQ(*payload, std::string("\x00\x03\x00\x00\x00\x64\x00\x04\x00\x00\xff\xff", 12));
  EXPECT_EQ(decode_settings_header(""), std::string());
  EXPECT_EQ(decode_settings_header("QQ"), std::string("A"));
}

TEST(Http2Settings, RefusesWhatIsNotBase64Url) {
  EXPECT_FALSE(decode_settings_header("AAMA+/").has_value());  // standard alphabet
  EXPECT_FALSE(decode_settings_header("AAMA==").has_value());  // padding
  EXPECT_FALSE(decode_settings_header("A").has_value());       // a lone sextet
  EXPECT_FALSE(decode_settings_header("AA AA").has_value());
}

}  // namespace
}  // namespace core::server
