// Range classification: single ranges pass, anything else is stripped before forwarding.
#include "edge/proxy/range_header.h"

#include <gtest/gtest.h>

namespace edge::proxy {
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

TEST(RangeHeader, RewriteKeepsOnlySingleRanges) {
  core::http::Headers single;
  single.add("range", "bytes=0-9");
  single.add("if-range", "\"e\"");
  EXPECT_EQ(rewrite_range(single), RangeKind::kSingle);
  EXPECT_EQ(single.size(), 2u);

  core::http::Headers multi;
  multi.add("range", "bytes=0-9,20-29");
  multi.add("if-range", "\"e\"");
  multi.add("accept", "*/*");
  EXPECT_EQ(rewrite_range(multi), RangeKind::kMultiple);
  EXPECT_EQ(multi.size(), 1u);
  EXPECT_TRUE(multi.contains("accept"));
}

}  // namespace
}  // namespace edge::proxy
