// The shaper's arithmetic in whole milliseconds: bursts of 10 ms of traffic (at least 4 KiB),
// a connection's own rate, a route's shared rate, and the time the next write may start.
#include "bench/delay_proxy/shaper.h"

#include <gtest/gtest.h>

namespace bench::delay_proxy {
namespace {

constexpr int64_t kNow = 1'000'000;

TEST(Shaper, TheBurstIsTenMillisecondsOfTrafficAndAtLeastFourKiB) {
  EXPECT_EQ(burst_for(1'000'000), 10'000U);       // 8 Mbit/s
  EXPECT_EQ(burst_for(125'000'000), 1'250'000U);  // 1 Gbit/s
  EXPECT_EQ(burst_for(62'500), 4'096U);           // 500 kbit/s
}

TEST(Shaper, UnlimitedAllowsEverythingAtOnce) {
  Shaper shaper(0, nullptr, 0, kNow);
  EXPECT_EQ(shaper.allowance(1'000'000, kNow), 1'000'000U);
  shaper.charge(1'000'000);
  EXPECT_EQ(shaper.allowance(1'000'000, kNow), 1'000'000U);
}

TEST(Shaper, AConnectionWritesOneBurstAndThenWaitsForItsRate) {
  Shaper shaper(1'000'000, nullptr, 0, kNow);  // 1 MB/s: 1 byte a microsecond, 10 KB bursts
  EXPECT_EQ(shaper.allowance(64'000, kNow), 10'000U);
  shaper.charge(10'000);
  EXPECT_EQ(shaper.allowance(64'000, kNow), 0U);
  EXPECT_EQ(shaper.ready_at(64'000, kNow), kNow + 10);
  EXPECT_EQ(shaper.allowance(64'000, kNow + 9), 0U);
  EXPECT_EQ(shaper.allowance(64'000, kNow + 10), 10'000U);
}

TEST(Shaper, SmallWritesNeedOnlyTheirOwnBytes) {
  Shaper shaper(1'000'000, nullptr, 0, kNow);
  shaper.charge(10'000);
  EXPECT_EQ(shaper.ready_at(500, kNow), kNow + 1);
  EXPECT_EQ(shaper.allowance(500, kNow + 1), 500U);
}

TEST(Shaper, AShortWriteChargesOnlyWhatWasWritten) {
  Shaper shaper(1'000'000, nullptr, 0, kNow);
  ASSERT_EQ(shaper.allowance(10'000, kNow), 10'000U);
  shaper.charge(4'000);
  EXPECT_EQ(shaper.allowance(6'000, kNow), 6'000U);
}

TEST(Shaper, ARoutesSharedRateLimitsEveryConnection) {
  prefetch::TokenBucket link(100'000, burst_for(100'000), kNow);  // 800 kbit/s, 4 KiB bursts
  Shaper a(1'000'000, &link, burst_for(100'000), kNow);
  Shaper b(1'000'000, &link, burst_for(100'000), kNow);
  ASSERT_EQ(a.allowance(64'000, kNow), 4'096U);
  a.charge(4'096);
  EXPECT_EQ(b.allowance(64'000, kNow), 0U);
  // 4096 bytes at 100 bytes a millisecond: 41 ms.
  EXPECT_EQ(b.ready_at(64'000, kNow), kNow + 41);
  EXPECT_EQ(b.allowance(64'000, kNow + 41), 4'096U);
}

TEST(Shaper, TheSlowerOfTheTwoBucketsDecides) {
  prefetch::TokenBucket link(10'000'000, burst_for(10'000'000), kNow);
  Shaper shaper(100'000, &link, burst_for(10'000'000), kNow);
  ASSERT_EQ(shaper.allowance(64'000, kNow), 4'096U);
  shaper.charge(4'096);
  EXPECT_EQ(shaper.ready_at(64'000, kNow), kNow + 41);
}

}  // namespace
}  // namespace bench::delay_proxy
