// Sizes and durations as the configuration writes them.
#include "edge/config/units.h"

#include <gtest/gtest.h>

namespace edge::config {
namespace {

using std::chrono::milliseconds;

TEST(ConfigUnits, Sizes) {
  EXPECT_EQ(parse_size("4096"), 4096u);
  EXPECT_EQ(parse_size("0"), 0u);
  EXPECT_EQ(parse_size("64K"), 64u << 10);
  EXPECT_EQ(parse_size("512M"), 512u << 20);
  EXPECT_EQ(parse_size("512mib"), 512u << 20);
  EXPECT_EQ(parse_size("10G"), 10ull << 30);
  EXPECT_EQ(parse_size("10GB"), 10ull << 30);
  EXPECT_EQ(parse_size("2T"), 2ull << 40);
  EXPECT_EQ(parse_size("100B"), 100u);
  EXPECT_EQ(parse_size("16777215T"), 16777215ull << 40);
}

TEST(ConfigUnits, BadSizes) {
  for (const char* text : {"", "G", "10X", "10 G", "-1", "1.5G", "10GG", "0x10", " 10", "10Gi"}) {
    auto size = parse_size(text);
    EXPECT_FALSE(size.has_value()) << text;
  }
  EXPECT_EQ(parse_size("16777216T").error(), "size too large");
  EXPECT_EQ(parse_size("99999999999999999999").error(), "size too large");
}

TEST(ConfigUnits, Durations) {
  EXPECT_EQ(parse_duration("500ms"), milliseconds(500));
  EXPECT_EQ(parse_duration("10s"), milliseconds(10'000));
  EXPECT_EQ(parse_duration("1.5s"), milliseconds(1'500));
  EXPECT_EQ(parse_duration("0.25s"), milliseconds(250));
  EXPECT_EQ(parse_duration("2m"), milliseconds(120'000));
  EXPECT_EQ(parse_duration("1h"), milliseconds(3'600'000));
  EXPECT_EQ(parse_duration("0"), milliseconds(0));
  EXPECT_EQ(parse_duration("10S"), milliseconds(10'000));
}

TEST(ConfigUnits, BadDurations) {
  for (const char* text : {"", "10", "s", "10x", "1.s", ".5s", "10 s", "-1s", "1d", "5sec"}) {
    EXPECT_FALSE(parse_duration(text).has_value()) << text;
  }
  EXPECT_EQ(parse_duration("999999999999999999h").error(), "duration too long");
}

}  // namespace
}  // namespace edge::config
