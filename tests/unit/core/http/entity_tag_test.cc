#include "core/http/entity_tag.h"

#include <gtest/gtest.h>

namespace core::http {
namespace {

TEST(EntityTag, WeakComparisonOfAList) {
  EXPECT_TRUE(weak_match_any("W/\"a\", \"b\"", "\"a\""));
  EXPECT_TRUE(weak_match_any(" \"x\" , W/\"b\"", "\"b\""));
  EXPECT_TRUE(weak_match_any("*", "\"anything\""));
  EXPECT_FALSE(weak_match_any("\"a\"", ""));
  EXPECT_FALSE(weak_match_any("\"a\", \"b\"", "\"c\""));
}

TEST(EntityTag, StrongComparison) {
  EXPECT_TRUE(strong_match("\"a\"", "\"a\""));
  EXPECT_TRUE(strong_match(" \"a\" ", "\"a\""));
  EXPECT_FALSE(strong_match("W/\"a\"", "W/\"a\""));
  EXPECT_FALSE(strong_match("\"a\"", "W/\"a\""));
  EXPECT_FALSE(strong_match("\"a\"", "\"b\""));
  EXPECT_FALSE(strong_match("", ""));
}

}  // namespace
}  // namespace core::http
