// make_hit_head against the long way: a plain GET hit's head as plan_delivery() and the proxy's
// make_downstream_head() make it, less Age, X-Cache and Via, which each response adds.
#include "edge/cache/hit_head.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "edge/cache/delivery_plan.h"
#include "edge/proxy/forwarding.h"

namespace edge::cache {
namespace {

std::vector<core::http::Header> sorted_fields(const core::http::Headers& headers) {
  std::vector<core::http::Header> fields = headers.items();
  std::sort(fields.begin(), fields.end(), [](const auto& a, const auto& b) {
    return std::tie(a.name, a.value) < std::tie(b.name, b.value);
  });
  return fields;
}

core::http::ResponseHead stored_playlist() {
  core::http::ResponseHead stored;
  stored.status = 200;
  stored.headers.add("content-type", "application/vnd.apple.mpegurl");
  stored.headers.add("cache-control", "max-age=2");
  stored.headers.add("etag", "\"p1\"");
  stored.headers.add("content-length", "1015");
  stored.headers.add("connection", "x-hop, accept-ranges");
  stored.headers.add("x-hop", "gone");
  stored.headers.add("keep-alive", "timeout=5");
  stored.headers.add("age", "7");
  stored.headers.add("x-cache", "HIT from elsewhere");
  return stored;
}

TEST(HitHead, IsTheLongWaysHeadLessEachResponsesOwnFields) {
  const core::http::ResponseHead stored = stored_playlist();
  const auto hit = make_hit_head(stored);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->status, 200);

  // As StoredFetch, plan_delivery() and the proxy's exchange make it, in that order.
  core::http::Request get;
  get.method = "GET";
  core::http::ResponseHead fetched = stored;
  fetched.headers.set("age", "7");
  fetched.headers.set("x-cache", "HIT");
  const DeliveryPlan plan = plan_delivery(get, fetched, 1015, 0);
  core::http::ResponseHead long_way = proxy::make_downstream_head(plan.head, "GET", "pop");
  EXPECT_EQ(long_way.headers.remove("age"), 1u);
  EXPECT_EQ(long_way.headers.remove("x-cache"), 1u);
  EXPECT_EQ(long_way.headers.remove("via"), 1u);
  EXPECT_EQ(sorted_fields(hit->headers), sorted_fields(long_way.headers));
  EXPECT_FALSE(hit->headers.contains("x-hop"));
  EXPECT_FALSE(hit->headers.contains("accept-ranges")) << "named in Connection: dropped";
  EXPECT_EQ(hit->http1_fields.find("content-length"), std::string::npos);
}

TEST(HitHead, NoneWhereHitsDiffer) {
  core::http::ResponseHead not_found = stored_playlist();
  not_found.status = 404;
  EXPECT_FALSE(make_hit_head(not_found)) << "only a 200 answers ranges and preconditions";
  core::http::ResponseHead relayed = stored_playlist();
  relayed.headers.add("via", "1.1 shield");
  EXPECT_FALSE(make_hit_head(relayed)) << "this hop's Via extends the stored one";
  core::http::ResponseHead odd = stored_playlist();
  odd.headers.set("connection", "age");
  EXPECT_FALSE(make_hit_head(odd)) << "the long way sends no Age then";
  odd.headers.set("connection", "x-cache");
  EXPECT_FALSE(make_hit_head(odd));
  odd.headers.remove("connection");
  const auto plain = make_hit_head(odd);
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->headers.get("accept-ranges"), "bytes");
}

}  // namespace
}  // namespace edge::cache
