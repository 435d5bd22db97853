// The hash ring: stable ownership, about 1/n of keys moving when an origin joins, even
// shares, and a fail-over order that lists each origin once.
#include "edge/proxy/hash_ring.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace edge::proxy {
namespace {

std::vector<std::string> origins(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i)
    out.push_back("http://10.0.0." + std::to_string(i + 1) + ":8080");
  return out;
}

std::string video(int i) {
  return "video-" + std::to_string(i);
}

TEST(HashRing, OwnershipIsStableAndIndependentOfListOrder) {
  const auto names = origins(4);
  const HashRing ring(names, 160);
  const HashRing again(names, 160);
  std::vector<std::string> reversed(names.rbegin(), names.rend());
  const HashRing shuffled(reversed, 160);
  for (int i = 0; i < 1000; ++i) {
    const size_t owner = ring.owner(video(i));
    EXPECT_EQ(again.owner(video(i)), owner);
    EXPECT_EQ(reversed[shuffled.owner(video(i))], names[owner]);
  }
}

TEST(HashRing, AddingAnOriginMovesOnlyItsShare) {
  const auto four = origins(4);
  const auto five = origins(5);
  const HashRing before(four, 160);
  const HashRing after(five, 160);
  constexpr int kKeys = 20'000;
  int moved = 0;
  for (int i = 0; i < kKeys; ++i) {
    const size_t old_owner = before.owner(video(i));
    const size_t new_owner = after.owner(video(i));
    if (old_owner != new_owner) {
      ++moved;
      // A key only ever moves to the new origin, never between old ones.
      EXPECT_EQ(new_owner, 4u) << video(i);
    }
  }
  // Ideal is 1/5 of the keys; allow the spread of 160 virtual nodes.
  EXPECT_GT(moved, kKeys * 12 / 100);
  EXPECT_LT(moved, kKeys * 28 / 100);
}

TEST(HashRing, SharesAreRoughlyEven) {
  const HashRing ring(origins(4), 160);
  std::map<size_t, int> counts;
  constexpr int kKeys = 40'000;
  for (int i = 0; i < kKeys; ++i)
    counts[ring.owner(video(i))]++;
  ASSERT_EQ(counts.size(), 4u);
  for (const auto& [origin, count] : counts) {
    EXPECT_GT(count, kKeys / 4 * 70 / 100) << origin;
    EXPECT_LT(count, kKeys / 4 * 130 / 100) << origin;
  }
}

TEST(HashRing, FailoverOrderListsEveryOriginOnceOwnerFirst) {
  const HashRing ring(origins(5), 160);
  for (int i = 0; i < 500; ++i) {
    const std::vector<size_t> order = ring.order(video(i));
    ASSERT_EQ(order.size(), 5u);
    EXPECT_EQ(order.front(), ring.owner(video(i)));
    std::vector<size_t> sorted = order;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(sorted, (std::vector<size_t>{0, 1, 2, 3, 4}));
  }
}

TEST(HashRing, FailoverOrderSurvivesRemovingTheOwner) {
  // Without its owner, a key goes to the origin that was second in its order: the fail-over
  // target and the new owner agree, so a dead origin's keys land where they were retried.
  const auto five = origins(5);
  const HashRing ring(five, 160);
  for (int i = 0; i < 500; ++i) {
    const std::vector<size_t> order = ring.order(video(i));
    std::vector<std::string> rest;
    for (size_t m = 0; m < five.size(); ++m) {
      if (m != order[0]) rest.push_back(five[m]);
    }
    const HashRing without(rest, 160);
    EXPECT_EQ(rest[without.owner(video(i))], five[order[1]]) << video(i);
  }
}

TEST(HashRing, EmptyRingHasNoOrder) {
  const HashRing ring({}, 160);
  EXPECT_EQ(ring.members(), 0u);
  EXPECT_TRUE(ring.order("x").empty());
}

}  // namespace
}  // namespace edge::proxy
