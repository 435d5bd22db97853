// Cache keys: path normalisation, kept and dropped query parameters, order independence,
// vary values, refusals, and the path part.
#include "edge/cache/cache_key.h"

#include <gtest/gtest.h>

namespace edge::cache {
namespace {

std::optional<std::string> key_of(std::string_view target, const KeyRules& rules = {},
                                  std::initializer_list<core::http::Header> headers = {}) {
  core::http::Request r;
  r.method = "GET";
  r.target = std::string(target);
  for (const auto& [name, value] : headers)
    r.headers.add(name, value);
  return cache_key(r, rules);
}

TEST(CacheKey, PlainPath) {
  EXPECT_EQ(key_of("/v/v42/360p/seg_0.m4s"), "/v/v42/360p/seg_0.m4s");
}

TEST(CacheKey, PercentEscapesNormalised) {
  // Unreserved characters decoded, other escapes upper-cased: all spell one resource.
  EXPECT_EQ(key_of("/v/%76%34%32/a%7Eb%2dc%5F"), "/v/v42/a~b-c_");
  EXPECT_EQ(key_of("/v/a%3ab"), "/v/a%3Ab");
  EXPECT_EQ(key_of("/v/a%3Ab"), "/v/a%3Ab");
  EXPECT_EQ(key_of("/v/%e2%82%ac"), "/v/%E2%82%AC");
}

TEST(CacheKey, QueryDroppedUnlessConfigured) {
  EXPECT_EQ(key_of("/v/p.m3u8?CMCD=br%3D3200%2Csid%3D%22x%22&session=abc&t=1"), "/v/p.m3u8");
  EXPECT_EQ(key_of("/v/p.m3u8?"), "/v/p.m3u8");
}

TEST(CacheKey, ConfiguredKeysKeptSorted) {
  const KeyRules rules{{"v", "lang"}, {}};
  const auto a = key_of("/v/p.m3u8?CMCD=bl%3D1&v=2&sid=9&lang=en", rules);
  const auto b = key_of("/v/p.m3u8?lang=en&session=x&v=2", rules);
  const auto c = key_of("/v/p.m3u8?v=%32&&lang=%65n&CMCD=other", rules);
  EXPECT_EQ(a, "/v/p.m3u8?lang=en&v=2");
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, c);
  EXPECT_NE(key_of("/v/p.m3u8?v=3&lang=en", rules), a);
  EXPECT_EQ(key_of("/v/p.m3u8?v&lang=", rules), "/v/p.m3u8?lang=&v=");
  EXPECT_EQ(key_of("/v/p.m3u8?v=2&v=1", rules), "/v/p.m3u8?v=1&v=2");
  EXPECT_EQ(key_of("/v/p.m3u8?V=2", rules), "/v/p.m3u8");  // names match exactly
}

TEST(CacheKey, VaryValuesInConfiguredOrder) {
  const KeyRules rules{{}, {"accept-encoding", "origin"}};
  EXPECT_EQ(
      key_of("/v/a", rules, {{"Origin", "https://App.example"}, {"Accept-Encoding", " GZIP ,br"}}),
      "/v/a\ngzip,br\nhttps://app.example");
  EXPECT_EQ(key_of("/v/a", rules), "/v/a\n\n");
  // Several lines and empty elements read like one list.
  EXPECT_EQ(key_of("/v/a", rules, {{"accept-encoding", "gzip"}, {"accept-encoding", ", br"}}),
            "/v/a\ngzip,br\n");
  // Unconfigured headers never enter the key.
  EXPECT_EQ(key_of("/v/a", {}, {{"accept-encoding", "gzip"}}), "/v/a");
}

TEST(CacheKey, VaryValueStaysPrintable) {
  const KeyRules rules{{}, {"x-device"}};
  const auto key = key_of("/v/a", rules, {{"x-device", "tv\x01%\xC3\xA9"}});
  EXPECT_EQ(key, "/v/a\ntv%01%25%C3%A9");
}

TEST(CacheKey, RefusedTargets) {
  for (std::string_view bad : {"", "v/a", "*", "/v/a%", "/v/a%4", "/v/a%zz", "/v/a b", "/v/\x01",
                               "/v/\xC3\xA9", "/v/%2e%2E/x", "/v/./x", "/v/..", "/v/a?x=%g1"}) {
    EXPECT_FALSE(key_of(bad, KeyRules{{"x"}, {}}).has_value()) << bad;
  }
  // A bad escape in a dropped parameter does not matter.
  EXPECT_EQ(key_of("/v/a?CMCD=%g1"), "/v/a");
}

TEST(CacheKey, PathPart) {
  EXPECT_EQ(key_path("/v/a?v=1\ngzip"), "/v/a");
  EXPECT_EQ(key_path("/v/a\ngzip"), "/v/a");
  EXPECT_EQ(key_path("/v/a"), "/v/a");
  EXPECT_EQ(key_path(""), "");
}

}  // namespace
}  // namespace edge::cache
