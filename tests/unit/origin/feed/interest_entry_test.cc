// Interest entries as kept in a viewer's list: written and read back, refused when malformed,
// and weighed by their age.
#include "origin/feed/interest_entry.h"

#include <gtest/gtest.h>

namespace origin::feed {
namespace {

TEST(InterestEntryTest, AnEntryReadsBackAsWritten) {
  std::string text = format_interest_entry("v 1", -250, 1'790'000'000);
  EXPECT_EQ(text, "v 1 -250 1790000000");
  std::optional<InterestEntry> parsed = parse_interest_entry(text);
  ASSERT_TRUE(parsed);
  const InterestEntry entry = parsed.value_or(InterestEntry{});
  EXPECT_EQ(entry.video, "v 1") << "an id is everything before the last two fields";
  EXPECT_EQ(entry.units, -250);
  EXPECT_EQ(entry.at_s, 1'790'000'000);
}

TEST(InterestEntryTest, MalformedEntriesAreRefused) {
  for (const char* text : {"", "v1", "v1 100", " 100 5", "v1 100 ", "v1 1x0 5", "v1 100 5s",
                           "v1  5", "v1 100 99999999999999999999"}) {
    EXPECT_FALSE(parse_interest_entry(text)) << '"' << text << '"';
  }
}

TEST(InterestEntryTest, ASignalHalvesWithEachHalfLifeOfAge) {
  const InterestEntry entry{.video = "v1", .units = 200, .at_s = 1'000};
  EXPECT_DOUBLE_EQ(interest_weight(entry, 1'000, 60), 2.0);
  EXPECT_DOUBLE_EQ(interest_weight(entry, 1'060, 60), 1.0);
  EXPECT_DOUBLE_EQ(interest_weight(entry, 1'180, 60), 0.25);
  EXPECT_DOUBLE_EQ(interest_weight(entry, 900, 60), 2.0) << "a signal from the future is new";
}

}  // namespace
}  // namespace origin::feed
