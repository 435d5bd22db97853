// ETag, If-None-Match, If-Modified-Since and If-Range over a file's stamp.
#include "origin/api/validators.h"

#include <gtest/gtest.h>

namespace origin::api {
namespace {

constexpr int64_t kMtime = 784111777;  // Sun, 06 Nov 1994 08:49:37 GMT
constexpr int64_t kNow = 1'700'000'000;

core::http::Headers with(const char* name, const char* value) {
  core::http::Headers headers;
  headers.add(name, value);
  return headers;
}

TEST(ValidatorsTest, TheETagChangesWithSizeAndTime) {
  std::string etag = etag_of({100, 5});
  EXPECT_EQ(etag, "\"64-5\"");
  EXPECT_NE(etag, etag_of({100, 6}));
  EXPECT_NE(etag, etag_of({101, 5}));
}

TEST(ValidatorsTest, IfNoneMatchComparesWeakly) {
  std::string etag = etag_of({100, 5});
  EXPECT_TRUE(not_modified(with("if-none-match", "\"64-5\""), etag, kMtime, kNow));
  EXPECT_TRUE(not_modified(with("if-none-match", "\"a\", W/\"64-5\""), etag, kMtime, kNow));
  EXPECT_TRUE(not_modified(with("if-none-match", "*"), etag, kMtime, kNow));
  EXPECT_FALSE(not_modified(with("if-none-match", "\"64-6\""), etag, kMtime, kNow));
  EXPECT_FALSE(not_modified({}, etag, kMtime, kNow));
}

TEST(ValidatorsTest, IfModifiedSinceOnlyWithoutIfNoneMatch) {
  std::string etag = etag_of({100, 5});
  auto same = with("if-modified-since", "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_TRUE(not_modified(same, etag, kMtime, kNow));
  EXPECT_FALSE(not_modified(same, etag, kMtime + 1, kNow));
  EXPECT_FALSE(not_modified(with("if-modified-since", "garbage"), etag, kMtime, kNow));
  same.add("if-none-match", "\"other\"");
  EXPECT_FALSE(not_modified(same, etag, kMtime, kNow));
}

TEST(ValidatorsTest, IfRangeNeedsTheStrongTagOrTheExactDate) {
  std::string etag = etag_of({100, 5});
  EXPECT_TRUE(if_range_holds({}, etag, kMtime, kNow));
  EXPECT_TRUE(if_range_holds(with("if-range", "\"64-5\""), etag, kMtime, kNow));
  EXPECT_FALSE(if_range_holds(with("if-range", "W/\"64-5\""), etag, kMtime, kNow));
  EXPECT_FALSE(if_range_holds(with("if-range", "\"64-6\""), etag, kMtime, kNow));
  EXPECT_TRUE(
      if_range_holds(with("if-range", "Sun, 06 Nov 1994 08:49:37 GMT"), etag, kMtime, kNow));
  EXPECT_FALSE(
      if_range_holds(with("if-range", "Sun, 06 Nov 1994 08:49:38 GMT"), etag, kMtime, kNow));
}

}  // namespace
}  // namespace origin::api
