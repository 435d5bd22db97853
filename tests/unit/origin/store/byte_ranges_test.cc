// ByteRanges: merging, the three fits of a chunk, and coverage.
#include "origin/store/byte_ranges.h"

#include <gtest/gtest.h>

namespace origin::store {
namespace {

TEST(ByteRangesTest, AdjacentAndOverlappingSpansMerge) {
  ByteRanges r;
  r.add({10, 19});
  r.add({0, 4});
  r.add({30, 39});
  r.add({5, 9});
  EXPECT_EQ(r.spans(), (std::vector<ByteSpan>{{0, 19}, {30, 39}}));
  r.add({15, 35});
  EXPECT_EQ(r.spans(), (std::vector<ByteSpan>{{0, 39}}));
  EXPECT_EQ(r.bytes(), 40);
  EXPECT_TRUE(r.covers(40));
  EXPECT_FALSE(r.covers(41));
}

TEST(ByteRangesTest, FitTellsNewHeldAndOverlap) {
  ByteRanges r({{0, 9}, {20, 29}});
  EXPECT_EQ(r.fit({10, 19}), SpanFit::kNew);
  EXPECT_EQ(r.fit({0, 9}), SpanFit::kHeld);
  EXPECT_EQ(r.fit({22, 25}), SpanFit::kHeld);
  EXPECT_EQ(r.fit({5, 14}), SpanFit::kOverlap);
  EXPECT_EQ(r.fit({9, 20}), SpanFit::kOverlap);
  EXPECT_EQ(r.fit({30, 30}), SpanFit::kNew);
}

TEST(ByteRangesTest, GapsAreNotCoverage) {
  ByteRanges r({{0, 9}, {11, 19}});
  EXPECT_FALSE(r.covers(20));
  EXPECT_TRUE(ByteRanges().covers(0));
  EXPECT_FALSE(ByteRanges().covers(1));
}

}  // namespace
}  // namespace origin::store
