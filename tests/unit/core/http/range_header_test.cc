// Range fields: classification of the range-set, one range picked and resolved to bytes.
#include "core/http/range_header.h"

#include <gtest/gtest.h>

namespace core::http {
namespace {

RangeKind classify(std::string_view value) {
  core::http::Headers h;
  h.add("Range", value);
  return classify_range(h);
}

TEST(RangeHeader, Classification) {
  for (const char* single : {"bytes=0-499", "bytes=500-", "bytes=-500", "BYTES=0-0", "bytes=0-499,",
                             "bytes= 0-499", "bytes=-0", "bytes=0-18446744073709551615"}) {
    EXPECT_EQ(classify(single), RangeKind::kSingle) << single;
  }
  for (const char* multiple :
       {"bytes=0-1,2-3", "bytes=0-1, 5-", "bytes=-1,-2,-3", "bytes=0-0,0-0,0-0,0-0"}) {
    EXPECT_EQ(classify(multiple), RangeKind::kMultiple) << multiple;
  }
  for (const char* invalid : {"bytes=", "bytes=,", "bytes=5-1", "bytes=a-b", "bytes=1", "bytes=--1",
                              "bytes=1-2-3", "bytes 0-1", "items=0-1", "bytes=+1-2", "bytes=0 -1",
                              "bytes=0-18446744073709551616", "=0-1", ""}) {
    EXPECT_EQ(classify(invalid), RangeKind::kInvalid) << invalid;
  }
  core::http::Headers none;
  EXPECT_EQ(classify_range(none), RangeKind::kNone);
  core::http::Headers twice;
  twice.add("range", "bytes=0-1");
  twice.add("range", "bytes=2-3");
  EXPECT_EQ(classify_range(twice), RangeKind::kInvalid);
}

std::optional<ByteSpan> span_of(std::string_view value, uint64_t length) {
  core::http::Headers headers;
  headers.add("range", std::string(value));
  const auto spec = single_range(headers);
  if (!spec) return std::nullopt;
  return resolve_range(*spec, length);
}

TEST(RangeHeader, ResolvesSingleRangesAgainstTheLength) {
  struct Case {
    std::string_view value;
    uint64_t first;
    uint64_t last;
  };
  for (const Case& c :
       {Case{"bytes=0-9", 0, 9}, Case{"bytes=5-", 5, 99}, Case{"bytes=-10", 90, 99},
        Case{"bytes=90-500", 90, 99}, Case{"bytes=-500", 0, 99}, Case{"BYTES= , 3-4", 3, 4}}) {
    const auto span = span_of(c.value, 100);
    ASSERT_TRUE(span) << c.value;
    EXPECT_EQ(span->first, c.first) << c.value;
    EXPECT_EQ(span->last, c.last) << c.value;
  }
  for (std::string_view unsatisfiable : {"bytes=100-", "bytes=100-200", "bytes=-0"}) {
    EXPECT_FALSE(span_of(unsatisfiable, 100)) << unsatisfiable;
  }
  EXPECT_FALSE(span_of("bytes=0-", 0));
  EXPECT_FALSE(span_of("bytes=0-1,3-4", 100));
  EXPECT_FALSE(span_of("bytes=x", 100));
}

}  // namespace
}  // namespace core::http
