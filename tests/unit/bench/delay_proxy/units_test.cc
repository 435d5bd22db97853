// Flag values: durations to the microsecond, rates in bits per second with decimal units
// answered in bytes per second, sizes with binary units, and refusals that say why.
#include "bench/delay_proxy/units.h"

#include <gtest/gtest.h>

namespace bench::delay_proxy {
namespace {

using std::chrono::microseconds;

TEST(Units, DurationsKeepMicroseconds) {
  EXPECT_EQ(parse_duration("7.5ms"), microseconds(7'500));
  EXPECT_EQ(parse_duration("250us"), microseconds(250));
  EXPECT_EQ(parse_duration("1s"), microseconds(1'000'000));
  EXPECT_EQ(parse_duration("0.0015s"), microseconds(1'500));
  EXPECT_EQ(parse_duration("0"), microseconds(0));
  EXPECT_EQ(parse_duration("0ms"), microseconds(0));
}

TEST(Units, DurationsNeedAUnitAndStayUnderAnHour) {
  for (const char* bad : {"", "15", "ms", "1.ms", "-5ms", "5 ms", "5m", "1e3ms", ".5ms"})
    EXPECT_FALSE(parse_duration(bad).has_value()) << bad;
  EXPECT_EQ(parse_duration("3601s").error(), "longer than an hour");
  EXPECT_EQ(parse_duration("99999999999999999999s").error(), "not a duration (250us, 7.5ms, 1s)");
}

TEST(Units, RatesAreBitsWithDecimalUnits) {
  EXPECT_EQ(parse_rate("10M"), 1'250'000U);
  EXPECT_EQ(parse_rate("500k"), 62'500U);
  EXPECT_EQ(parse_rate("500K"), 62'500U);
  EXPECT_EQ(parse_rate("2.5M"), 312'500U);
  EXPECT_EQ(parse_rate("1G"), 125'000'000U);
  EXPECT_EQ(parse_rate("8"), 1U);
  EXPECT_EQ(parse_rate("0"), 0U);
}

TEST(Units, RatesUnderAByteASecondOrWithoutANumberAreRefused) {
  EXPECT_EQ(parse_rate("7").error(), "under 8 bits per second (0 means unlimited)");
  for (const char* bad : {"", "M", "10X", "10Mbit", "-1M", "10 M"})
    EXPECT_FALSE(parse_rate(bad).has_value()) << bad;
  EXPECT_EQ(parse_rate("18446744073709551615G").error(), "too large");
}

TEST(Units, SizesUseBinaryUnits) {
  EXPECT_EQ(parse_size("1M"), 1'048'576U);
  EXPECT_EQ(parse_size("64K"), 65'536U);
  EXPECT_EQ(parse_size("1.5K"), 1'536U);
  EXPECT_EQ(parse_size("4096"), 4'096U);
  EXPECT_EQ(parse_size("0").error(), "must be at least one byte");
  EXPECT_FALSE(parse_size("1T").has_value());
}

TEST(Units, CountsAreWholeNumbersInRange) {
  EXPECT_EQ(parse_count("64", 100), 64U);
  for (const char* bad : {"0", "101", "1.5", "x", "", "12x"})
    EXPECT_FALSE(parse_count(bad, 100).has_value()) << bad;
}

}  // namespace
}  // namespace bench::delay_proxy
