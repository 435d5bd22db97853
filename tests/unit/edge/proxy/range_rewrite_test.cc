#include "edge/proxy/range_rewrite.h"

#include <gtest/gtest.h>

namespace edge::proxy {
namespace {

TEST(RangeRewrite, KeepsOnlySingleRanges) {
  core::http::Headers single;
  single.add("range", "bytes=0-9");
  single.add("if-range", "\"e\"");
  EXPECT_EQ(rewrite_range(single), core::http::RangeKind::kSingle);
  EXPECT_EQ(single.size(), 2u);

  core::http::Headers multi;
  multi.add("range", "bytes=0-9,20-29");
  multi.add("if-range", "\"e\"");
  multi.add("accept", "*/*");
  EXPECT_EQ(rewrite_range(multi), core::http::RangeKind::kMultiple);
  EXPECT_EQ(multi.size(), 1u);
  EXPECT_TRUE(multi.contains("accept"));
}

}  // namespace
}  // namespace edge::proxy
