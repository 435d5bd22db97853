// Headers: names kept lowercase, lookups case-insensitive, set() replacing every field of a name
// with one, where the first was.
#include "core/http/headers.h"

#include <gtest/gtest.h>

namespace core::http {
namespace {

std::vector<Header> fields(std::initializer_list<Header> list) {
  return list;
}

TEST(Headers, AddLowercasesNamesAndLookupsIgnoreCase) {
  Headers headers;
  headers.add("Content-Type", "text/plain");
  headers.add("X-Cache", "HIT");
  EXPECT_EQ(headers.items(), fields({{"content-type", "text/plain"}, {"x-cache", "HIT"}}));
  EXPECT_EQ(headers.get("CONTENT-type"), "text/plain");
  EXPECT_FALSE(headers.contains("age"));
}

TEST(Headers, SetReplacesTheFirstInPlaceAndDropsTheOthers) {
  Headers headers;
  headers.add("via", "1.1 a");
  headers.add("age", "1");
  headers.add("Via", "1.1 b");
  headers.add("etag", "\"x\"");
  headers.set("VIA", "1.1 c");
  EXPECT_EQ(headers.items(), fields({{"via", "1.1 c"}, {"age", "1"}, {"etag", "\"x\""}}));
  headers.set("age", "2");
  EXPECT_EQ(headers.get("age"), "2");
  EXPECT_EQ(headers.size(), 3u);
}

TEST(Headers, SetAppendsAFieldThatIsNotThere) {
  Headers headers;
  headers.add("etag", "\"x\"");
  headers.set("X-Cache", "MISS");
  EXPECT_EQ(headers.items(), fields({{"etag", "\"x\""}, {"x-cache", "MISS"}}));
}

TEST(Headers, CombinedValuesAndRemoval) {
  Headers headers;
  headers.add("cache-control", "public");
  headers.add("Cache-Control", "max-age=10");
  EXPECT_EQ(headers.get_combined("cache-control"), "public, max-age=10");
  EXPECT_EQ(headers.remove("CACHE-CONTROL"), 2u);
  EXPECT_EQ(headers.get_combined("cache-control"), std::nullopt);
}

}  // namespace
}  // namespace core::http
