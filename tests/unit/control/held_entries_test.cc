// Held entries as Redis keeps them: expiry, unreadable values, and what a round adds.
#include "control/state/held_entries.h"

#include <gtest/gtest.h>

namespace control::state {
namespace {

TEST(HeldEntries, LiveEntriesAreReadAndExpiredOrBrokenOnesDropped) {
  const std::map<std::string, std::string> fields = {{"v1/360p", encode_held(3, 200)},
                                                     {"v2/360p", encode_held(2, 100)},
                                                     {"v3/360p", "lots"},
                                                     {"v4/360p", "0 500"}};
  const HeldFields held = decode_held(fields, 150);
  EXPECT_EQ(held.held, (prefetch::Held{{"v1/360p", 3}}));
  EXPECT_EQ(held.expired, (std::vector<std::string>{"v2/360p", "v3/360p", "v4/360p"}));
}

TEST(HeldEntries, GrowthIsWhatIsNewOrLonger) {
  const prefetch::Held before = {{"a/360p", 2}, {"b/360p", 4}};
  const prefetch::Held after = {{"a/360p", 3}, {"b/360p", 4}, {"c/360p", 1}};
  EXPECT_EQ(held_growth(before, after), (std::map<std::string, int>{{"a/360p", 3}, {"c/360p", 1}}));
}

}  // namespace
}  // namespace control::state
