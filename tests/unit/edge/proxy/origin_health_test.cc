// Health marking: down after N consecutive failures, back after the down time, half-open.
#include "edge/proxy/origin_health.h"

#include <gtest/gtest.h>

namespace edge::proxy {
namespace {

using namespace std::chrono_literals;

TEST(OriginHealth, DownAfterConsecutiveFailuresUpAfterDownTime) {
  OriginHealth health(3, 10s);
  const OriginHealth::TimePoint t0 = OriginHealth::TimePoint{} + 1h;
  EXPECT_FALSE(health.record_failure(t0));
  EXPECT_FALSE(health.record_failure(t0));
  EXPECT_TRUE(health.up(t0));
  EXPECT_TRUE(health.record_failure(t0));
  EXPECT_FALSE(health.up(t0 + 9s));
  EXPECT_TRUE(health.up(t0 + 10s));
  // Half-open: one more failure after the down time marks it down again at once.
  EXPECT_TRUE(health.record_failure(t0 + 11s));
  EXPECT_FALSE(health.up(t0 + 12s));
}

TEST(OriginHealth, SuccessResetsTheCount) {
  OriginHealth health(2, 10s);
  const OriginHealth::TimePoint t0 = OriginHealth::TimePoint{} + 1h;
  EXPECT_FALSE(health.record_failure(t0));
  health.record_success();
  EXPECT_FALSE(health.record_failure(t0));
  EXPECT_TRUE(health.up(t0));
  EXPECT_TRUE(health.record_failure(t0));
  health.record_success();
  EXPECT_TRUE(health.up(t0));
}

}  // namespace
}  // namespace edge::proxy
