// Cache-Control parsing: every directive, combining lines, case, spaces, quotes, unknown
// directives, malformed and huge delta-seconds.
#include "edge/cache/cache_control.h"

#include <gtest/gtest.h>

namespace edge::cache {
namespace {

CacheControl parse(std::initializer_list<std::string_view> lines) {
  core::http::Headers headers;
  headers.add("Content-Type", "video/mp4");
  for (std::string_view line : lines)
    headers.add("Cache-Control", line);
  return parse_cache_control(headers);
}

TEST(CacheControl, AbsentIsEmpty) {
  EXPECT_EQ(parse({}), CacheControl{});
}

TEST(CacheControl, EveryDirective) {
  const CacheControl cc =
      parse({"max-age=60, s-maxage=30, no-store, no-cache, private, public, must-revalidate, "
             "proxy-revalidate, immutable, stale-while-revalidate=5, stale-if-error=600"});
  EXPECT_EQ(cc.max_age, 60);
  EXPECT_EQ(cc.s_maxage, 30);
  EXPECT_EQ(cc.stale_while_revalidate, 5);
  EXPECT_EQ(cc.stale_if_error, 600);
  EXPECT_TRUE(cc.no_store);
  EXPECT_TRUE(cc.no_cache);
  EXPECT_TRUE(cc.is_private);
  EXPECT_TRUE(cc.is_public);
  EXPECT_TRUE(cc.must_revalidate);
  EXPECT_TRUE(cc.proxy_revalidate);
  EXPECT_TRUE(cc.immutable);
}

TEST(CacheControl, EachFlagAlone) {
  EXPECT_TRUE(parse({"no-store"}).no_store);
  EXPECT_TRUE(parse({"no-cache"}).no_cache);
  EXPECT_TRUE(parse({"private"}).is_private);
  EXPECT_TRUE(parse({"public"}).is_public);
  EXPECT_TRUE(parse({"must-revalidate"}).must_revalidate);
  EXPECT_TRUE(parse({"proxy-revalidate"}).proxy_revalidate);
  EXPECT_TRUE(parse({"immutable"}).immutable);
  EXPECT_FALSE(parse({"public"}).no_store);
}

TEST(CacheControl, CombinesEveryLine) {
  const CacheControl cc = parse({"public", "max-age=31536000", "immutable"});
  EXPECT_TRUE(cc.is_public);
  EXPECT_EQ(cc.max_age, 31536000);
  EXPECT_TRUE(cc.immutable);
}

TEST(CacheControl, CaseSpacesAndEmptyElements) {
  const CacheControl cc = parse({" ,, Max-Age = 60 ,\tNO-CACHE ,PUBLIC,, S-MAXAGE=7  "});
  EXPECT_EQ(cc.max_age, 60);
  EXPECT_EQ(cc.s_maxage, 7);
  EXPECT_TRUE(cc.no_cache);
  EXPECT_TRUE(cc.is_public);
}

TEST(CacheControl, QuotedValues) {
  const CacheControl cc = parse({R"(max-age="120", stale-if-error="30")"});
  EXPECT_EQ(cc.max_age, 120);
  EXPECT_EQ(cc.stale_if_error, 30);
}

TEST(CacheControl, NoCacheAndPrivateWithFieldNamesCountWhole) {
  const CacheControl cc = parse({R"(no-cache="set-cookie, x-a", private="x-b", max-age=5)"});
  EXPECT_TRUE(cc.no_cache);
  EXPECT_TRUE(cc.is_private);
  EXPECT_EQ(cc.max_age, 5);  // the comma inside the quotes did not end the list early
}

TEST(CacheControl, UnknownDirectivesAreSkipped) {
  const CacheControl cc =
      parse({R"(community="UCI", foo, bar=baz, x="a,b", max-age=9, no-transform)"});
  EXPECT_EQ(cc.max_age, 9);
  EXPECT_FALSE(cc.no_store);
  EXPECT_FALSE(cc.no_cache);
}

TEST(CacheControl, MalformedMaxAgeMeansStale) {
  EXPECT_EQ(parse({"max-age=soon"}).max_age, 0);
  EXPECT_EQ(parse({"max-age=-1"}).max_age, 0);
  EXPECT_EQ(parse({"max-age=1.5"}).max_age, 0);
  EXPECT_EQ(parse({"max-age"}).max_age, 0);
  EXPECT_EQ(parse({"max-age="}).max_age, 0);
  EXPECT_EQ(parse({"max-age=6 0"}).max_age, 0);
  EXPECT_EQ(parse({R"(max-age="60)"}).max_age, 0);  // unterminated quote
  EXPECT_EQ(parse({R"(max-age="60"x)"}).max_age, 0);
  EXPECT_EQ(parse({"s-maxage=abc"}).s_maxage, 0);
}

TEST(CacheControl, MalformedStaleExtensionsAreAbsent) {
  const CacheControl cc = parse({"stale-while-revalidate=x, stale-if-error"});
  EXPECT_FALSE(cc.stale_while_revalidate.has_value());
  EXPECT_FALSE(cc.stale_if_error.has_value());
}

TEST(CacheControl, HugeValuesAreTwoToTheThirtyOne) {
  const CacheControl cc = parse({"max-age=99999999999999999999999999, stale-if-error=2147483648"});
  EXPECT_EQ(cc.max_age, kMaxDeltaSeconds);
  EXPECT_EQ(cc.stale_if_error, kMaxDeltaSeconds);
  EXPECT_EQ(parse({"max-age=2147483647"}).max_age, 2147483647);
}

TEST(CacheControl, FirstOccurrenceWins) {
  EXPECT_EQ(parse({"max-age=10", "max-age=20"}).max_age, 10);
  EXPECT_EQ(parse({"max-age=bad, max-age=20"}).max_age, 0);
}

TEST(CacheControl, OtherHeadersAreIgnored) {
  core::http::Headers headers;
  headers.add("Pragma", "no-cache");
  headers.add("X-Cache-Control", "no-store");
  EXPECT_EQ(parse_cache_control(headers), CacheControl{});
}

}  // namespace
}  // namespace edge::cache
