// query_param: names matched whole, values percent-decoded, bad escapes kept.
#include "core/http/query_param.h"

#include <gtest/gtest.h>

namespace core::http {
namespace {

TEST(QueryParam, FindsTheFirstParameterByItsWholeName) {
  EXPECT_EQ(query_param("user=u1&region=eu&count=5", "region"), "eu");
  EXPECT_EQ(query_param("xuser=a&user=b&user=c", "user"), "b");
  EXPECT_EQ(query_param("count=5", "cursor"), std::nullopt);
  EXPECT_EQ(query_param("", "a"), std::nullopt);
}

TEST(QueryParam, EmptyValuesAndDecoding) {
  EXPECT_EQ(query_param("a&b=2", "a"), "");
  EXPECT_EQ(query_param("a=&b=2", "a"), "");
  EXPECT_EQ(query_param("q=x%20y%2Bz+w", "q"), "x y+z+w");
  EXPECT_EQ(query_param("q=bad%zz%2", "q"), "bad%zz%2");
}

}  // namespace
}  // namespace core::http
