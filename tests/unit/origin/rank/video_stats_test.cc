// Smoothed rates and exposure pools: promotion above 60% completion, hold below 30%, a second
// look in between, graduation past the last pool.
#include "origin/rank/video_stats.h"

#include <gtest/gtest.h>

namespace origin::rank {
namespace {

VideoStats watched(int64_t views, int64_t completions) {
  return VideoStats{.views = views, .completions = completions};
}

TEST(SmoothedRatesTest, FewViewsStayNearThePriorManyFollowTheCounts) {
  Rates none = smoothed_rates(VideoStats{});
  Rates one = smoothed_rates(watched(1, 1));
  Rates many = smoothed_rates(watched(10'000, 9'000));
  EXPECT_GT(none.completion, 0.1);
  EXPECT_LT(none.completion, 0.6);
  EXPECT_LT(one.completion, 0.5);  // one completion out of one is not a 100% video
  EXPECT_GT(one.completion, none.completion);
  EXPECT_NEAR(many.completion, 0.9, 0.01);
  Rates bad = smoothed_rates(VideoStats{.views = 1'000, .skips = 900, .reports = 50});
  EXPECT_NEAR(bad.skip, 0.88, 0.02);
  EXPECT_NEAR(bad.report, 0.049, 0.005);
}

TEST(SmoothedRatesTest, NegativeCountersAreTreatedAsZero) {
  Rates rates = smoothed_rates(VideoStats{.views = -5, .completions = -3});
  EXPECT_GE(rates.completion, 0);
  EXPECT_LE(rates.completion, 1);
}

TEST(ExposurePoolTest, ANewVideoTestsInTheFirstPool) {
  PoolPolicy policy;
  ExposurePool pool = exposure_pool(VideoStats{}, policy);
  EXPECT_EQ(pool.level, 0);
  EXPECT_EQ(pool.state, PoolState::kTesting);
  pool = exposure_pool(watched(99, 0), policy);
  EXPECT_EQ(pool.state, PoolState::kTesting);  // not judged before the pool is full
}

TEST(ExposurePoolTest, AboveSixtyPercentIsPromotedPoolByPool) {
  PoolPolicy policy;
  ExposurePool pool = exposure_pool(watched(100, 60), policy);
  EXPECT_EQ(pool.level, 1);
  EXPECT_EQ(pool.state, PoolState::kTesting);
  pool = exposure_pool(watched(1'000, 700), policy);
  EXPECT_EQ(pool.level, 2);
  EXPECT_EQ(pool.state, PoolState::kTesting);
  pool = exposure_pool(watched(10'000, 6'000), policy);
  EXPECT_EQ(pool.level, 3);
  EXPECT_EQ(pool.state, PoolState::kGraduated);
}

TEST(ExposurePoolTest, BelowThirtyPercentIsHeldAtOnce) {
  PoolPolicy policy;
  ExposurePool pool = exposure_pool(watched(100, 29), policy);
  EXPECT_EQ(pool.level, 0);
  EXPECT_EQ(pool.state, PoolState::kHeld);
  pool = exposure_pool(watched(1'000, 250), policy);
  EXPECT_EQ(pool.level, 0);  // judged on the first pool already
  EXPECT_EQ(pool.state, PoolState::kHeld);
}

TEST(ExposurePoolTest, InBetweenGetsASecondLookThenIsHeld) {
  PoolPolicy policy;
  EXPECT_EQ(exposure_pool(watched(100, 45), policy).state, PoolState::kTesting);
  EXPECT_EQ(exposure_pool(watched(199, 90), policy).state, PoolState::kTesting);
  ExposurePool pool = exposure_pool(watched(200, 90), policy);
  EXPECT_EQ(pool.level, 0);
  EXPECT_EQ(pool.state, PoolState::kHeld);
  // A held video whose later views lift its rate is promoted then.
  EXPECT_EQ(exposure_pool(watched(300, 190), policy).level, 1);
}

TEST(ExposurePoolTest, ThePolicyIsHonoured) {
  PoolPolicy policy{.sizes = {10}, .promote_completion = 0.8, .hold_completion = 0.5};
  EXPECT_EQ(exposure_pool(watched(10, 7), policy).state, PoolState::kTesting);
  EXPECT_EQ(exposure_pool(watched(10, 4), policy).state, PoolState::kHeld);
  ExposurePool pool = exposure_pool(watched(10, 8), policy);
  EXPECT_EQ(pool.state, PoolState::kGraduated);
  EXPECT_EQ(pool.level, 1);
  EXPECT_EQ(exposure_pool(VideoStats{}, PoolPolicy{.sizes = {}}).state, PoolState::kGraduated);
}

}  // namespace
}  // namespace origin::rank
