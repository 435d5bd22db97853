// HTTP-date: the three formats, the RFC 850 century rule, impossible dates, junk.
#include "core/http/http_date_parse.h"

#include <gtest/gtest.h>

namespace core::http {
namespace {

constexpr int64_t kNow = 1700000000;     // 2023-11-14
constexpr int64_t kExample = 784111777;  // Sun, 06 Nov 1994 08:49:37 GMT

TEST(HttpDateParse, ThreeFormats) {
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT", kNow), kExample);
  EXPECT_EQ(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT", kNow), kExample);
  EXPECT_EQ(parse_http_date("Sun Nov  6 08:49:37 1994", kNow), kExample);
  EXPECT_EQ(parse_http_date("Sun Nov 16 08:49:37 1994", kNow), kExample + 10 * 86400);
}

TEST(HttpDateParse, EpochLeapDaysAndFarDates) {
  EXPECT_EQ(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT", kNow), 0);
  EXPECT_EQ(parse_http_date("Tue, 29 Feb 2000 12:00:00 GMT", kNow), 951825600);
  EXPECT_EQ(parse_http_date("Tue, 14 Nov 2023 22:13:20 GMT", kNow), kNow);
  EXPECT_EQ(parse_http_date("Fri, 31 Dec 9999 23:59:59 GMT", kNow), 253402300799);
  EXPECT_EQ(parse_http_date("Wed, 31 Dec 1969 23:59:59 GMT", kNow), -1);
}

TEST(HttpDateParse, Rfc850CenturyFollowsNow) {
  // 94 is more than 50 years ahead of 2023 as 2094, so 1994; 30 is 2030.
  EXPECT_EQ(parse_http_date("Wednesday, 01-Jan-30 00:00:00 GMT", kNow), 1893456000);
  EXPECT_EQ(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT", kNow), kExample);
}

TEST(HttpDateParse, SurroundingSpacesAndUtc) {
  EXPECT_EQ(parse_http_date("  Sun, 06 Nov 1994 08:49:37 GMT  ", kNow), kExample);
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 UTC", kNow), kExample);
  EXPECT_EQ(parse_http_date("Sun, 06 nov 1994 08:49:37 GMT", kNow), kExample);
}

TEST(HttpDateParse, LeapSecondReadsAsFiftyNine) {
  EXPECT_EQ(parse_http_date("Sat, 31 Dec 2016 23:59:60 GMT", kNow),
            parse_http_date("Sat, 31 Dec 2016 23:59:59 GMT", kNow));
}

TEST(HttpDateParse, RefusesJunkAndImpossibleDates) {
  for (std::string_view bad : {"",
                               "0",
                               "-1",
                               "tomorrow",
                               "Sun, 06 Nov 1994 08:49:37",
                               "Sun, 06 Nov 1994 08:49:37 PST",
                               "Sun, 06 Nov 1994 8:49:37 GMT",
                               "Sun, 6 Nov 1994 08:49:37 GMT",
                               "Sun, 06 Foo 1994 08:49:37 GMT",
                               "Sun, 31 Apr 1994 08:49:37 GMT",
                               "Mon, 29 Feb 1900 00:00:00 GMT",
                               "Sun, 06 Nov 1994 24:00:00 GMT",
                               "Sun, 06 Nov 1994 08:60:00 GMT",
                               "Sun, 00 Nov 1994 08:49:37 GMT",
                               "Sun, 06 Nov 1994 08:49:37 GMT x",
                               "Sun, 06 Nov 94 08:49:37 GMT",
                               "Sun Nov  6 08:49:37 94",
                               "Sun Nov  6 08:49:37",
                               "1994-11-06T08:49:37Z",
                               "Sun, 06 Nov 0000 08:49:37 GMT"}) {
    EXPECT_FALSE(parse_http_date(bad, kNow).has_value()) << bad;
  }
}

}  // namespace
}  // namespace core::http
