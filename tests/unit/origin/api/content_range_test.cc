// Content-Range of upload chunks: the accepted forms and everything refused.
#include "origin/api/content_range.h"

#include <gtest/gtest.h>

namespace origin::api {
namespace {

TEST(ContentRangeTest, ABytesRangeWithItsTotal) {
  auto range = parse_content_range("bytes 0-99/1000");
  ASSERT_TRUE(range.has_value());
  EXPECT_EQ(*range->first, 0);
  EXPECT_EQ(range->last, 99);
  EXPECT_EQ(range->total, 1000);
  EXPECT_EQ(range->length(), 100);
  EXPECT_TRUE(parse_content_range(" bytes 999-999/1000 ").has_value());
}

TEST(ContentRangeTest, AStarAsksForTheState) {
  auto range = parse_content_range("bytes */1000");
  ASSERT_TRUE(range.has_value());
  EXPECT_FALSE(range->first.has_value());
  EXPECT_EQ(range->total, 1000);
}

TEST(ContentRangeTest, MalformedOrOutOfBoundsIsRefused) {
  for (const char* value :
       {"", "bytes", "bytes 0-99", "bytes 0-99/*", "bytes=0-99/1000", "items 0-99/1000",
        "bytes 100-99/1000", "bytes 0-1000/1000", "bytes -1-5/10", "bytes +1-5/10", "bytes 0-5/1x",
        "bytes 0 - 5/10", "bytes 0-99999999999999999999/1", "bytes 0-5/9999999999999999999"}) {
    EXPECT_FALSE(parse_content_range(value).has_value()) << value;
  }
}

}  // namespace
}  // namespace origin::api
