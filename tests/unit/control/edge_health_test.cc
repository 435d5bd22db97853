// The edge health state machine: a run of failures kills, one success revives.
#include "control/plane/edge_health.h"

#include <gtest/gtest.h>

namespace control::plane {
namespace {

TEST(EdgeHealth, DiesAfterTheConfiguredRunOfFailuresAndRevivesOnOneSuccess) {
  EdgeHealth health(3);
  EXPECT_TRUE(health.healthy());
  EXPECT_FALSE(health.checked(false, 10));
  EXPECT_FALSE(health.checked(false, 11));
  EXPECT_TRUE(health.healthy());
  EXPECT_TRUE(health.checked(false, 12));
  EXPECT_FALSE(health.healthy());
  EXPECT_EQ(health.record().failures, 3);
  EXPECT_FALSE(health.checked(false, 13));
  EXPECT_TRUE(health.checked(true, 14));
  EXPECT_TRUE(health.healthy());
  EXPECT_EQ(health.record(), (state::EdgeHealthRecord{true, 0, 14}));
}

TEST(EdgeHealth, ASuccessInBetweenRestartsTheCount) {
  EdgeHealth health(2);
  health.checked(false, 1);
  health.checked(true, 2);
  EXPECT_FALSE(health.checked(false, 3));
  EXPECT_TRUE(health.healthy());
}

TEST(EdgeHealth, StartsFromARecordAnotherLeaderKept) {
  EdgeHealth health(3, state::EdgeHealthRecord{false, 5, 100});
  EXPECT_FALSE(health.healthy());
  EXPECT_TRUE(health.checked(true, 101));
}

}  // namespace
}  // namespace control::plane
