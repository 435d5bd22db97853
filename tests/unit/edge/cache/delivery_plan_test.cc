// What a viewer gets from a stored 200: preconditions (RFC 9110 13.2.2 order), single ranges
// with If-Range, 416, and everything else delivered as stored.
#include "edge/cache/delivery_plan.h"

#include <gtest/gtest.h>

namespace edge::cache {
namespace {

constexpr int64_t kNow = 1'763'800'000;
constexpr std::string_view kModified = "Sat, 22 Nov 2025 08:00:00 GMT";

core::http::ResponseHead stored_head() {
  core::http::ResponseHead head;
  head.headers.add("etag", "\"v1\"");
  head.headers.add("last-modified", kModified);
  head.headers.add("cache-control", "public, max-age=60");
  head.headers.add("content-type", "video/iso.segment");
  return head;
}

DeliveryPlan plan(std::initializer_list<std::pair<std::string_view, std::string_view>> fields,
                  std::optional<uint64_t> length = 1000) {
  core::http::Request request;
  request.method = "GET";
  for (const auto& [name, value] : fields)
    request.headers.add(name, value);
  return plan_delivery(request, stored_head(), length, kNow);
}

TEST(DeliveryPlan, WholeBodyWithoutConditions) {
  const DeliveryPlan p = plan({});
  EXPECT_EQ(p.head.status, 200);
  EXPECT_EQ(p.head.content_length, 1000u);
  EXPECT_EQ(p.first, 0u);
  EXPECT_EQ(p.length, 1000u);
  EXPECT_TRUE(p.body);
  EXPECT_EQ(p.head.headers.get("accept-ranges"), "bytes");
}

TEST(DeliveryPlan, IfNoneMatchWeakComparisonGives304) {
  for (std::string_view tag : {"\"v1\"", "W/\"v1\"", "\"x\", \"v1\"", "*"}) {
    const DeliveryPlan p = plan({{"if-none-match", tag}});
    EXPECT_EQ(p.head.status, 304) << tag;
    EXPECT_FALSE(p.body);
    EXPECT_EQ(p.head.headers.get("etag"), "\"v1\"");
    EXPECT_FALSE(p.head.headers.contains("content-type"));
  }
  EXPECT_EQ(plan({{"if-none-match", "\"v2\""}}).head.status, 200);
}

TEST(DeliveryPlan, IfNoneMatchOverridesIfModifiedSince) {
  const DeliveryPlan p =
      plan({{"if-none-match", "\"v2\""}, {"if-modified-since", "Sun, 23 Nov 2025 08:00:00 GMT"}});
  EXPECT_EQ(p.head.status, 200);
}

TEST(DeliveryPlan, IfModifiedSince) {
  EXPECT_EQ(plan({{"if-modified-since", kModified}}).head.status, 304);
  EXPECT_EQ(plan({{"if-modified-since", "Sun, 23 Nov 2025 08:00:00 GMT"}}).head.status, 304);
  EXPECT_EQ(plan({{"if-modified-since", "Fri, 21 Nov 2025 08:00:00 GMT"}}).head.status, 200);
  EXPECT_EQ(plan({{"if-modified-since", "yesterday"}}).head.status, 200);
}

TEST(DeliveryPlan, SingleRange) {
  const DeliveryPlan p = plan({{"range", "bytes=100-199"}});
  EXPECT_EQ(p.head.status, 206);
  EXPECT_EQ(p.first, 100u);
  EXPECT_EQ(p.length, 100u);
  EXPECT_EQ(p.head.content_length, 100u);
  EXPECT_EQ(p.head.headers.get("content-range"), "bytes 100-199/1000");
}

TEST(DeliveryPlan, UnsatisfiableRangeIs416) {
  const DeliveryPlan p = plan({{"range", "bytes=1000-"}});
  EXPECT_EQ(p.head.status, 416);
  EXPECT_EQ(p.head.headers.get("content-range"), "bytes */1000");
  EXPECT_FALSE(p.body);
}

TEST(DeliveryPlan, IfRangeMustMatchStronglyOrByExactDate) {
  EXPECT_EQ(plan({{"range", "bytes=0-9"}, {"if-range", "\"v1\""}}).head.status, 206);
  EXPECT_EQ(plan({{"range", "bytes=0-9"}, {"if-range", "W/\"v1\""}}).head.status, 200);
  EXPECT_EQ(plan({{"range", "bytes=0-9"}, {"if-range", "\"v0\""}}).head.status, 200);
  EXPECT_EQ(plan({{"range", "bytes=0-9"}, {"if-range", kModified}}).head.status, 206);
  EXPECT_EQ(
      plan({{"range", "bytes=0-9"}, {"if-range", "Sun, 23 Nov 2025 08:00:00 GMT"}}).head.status,
      200);
}

TEST(DeliveryPlan, UnknownLengthIgnoresRanges) {
  const DeliveryPlan p = plan({{"range", "bytes=0-9"}}, std::nullopt);
  EXPECT_EQ(p.head.status, 200);
  EXPECT_FALSE(p.head.content_length);
}

TEST(DeliveryPlan, OtherStatusesAreDeliveredAsStored) {
  core::http::Request request;
  request.method = "GET";
  request.headers.add("range", "bytes=0-9");
  request.headers.add("if-none-match", "*");
  core::http::ResponseHead not_found;
  not_found.status = 404;
  const DeliveryPlan p = plan_delivery(request, not_found, 10, kNow);
  EXPECT_EQ(p.head.status, 404);
  EXPECT_EQ(p.length, 10u);
}

TEST(DeliveryPlan, AsksForWholeOnlyWithoutRangesOrPreconditions) {
  core::http::Request get;
  get.method = "GET";
  get.headers.add("accept", "*/*");
  get.headers.add("if-match", "\"p1\"");  // plan_delivery() reads none of it
  EXPECT_TRUE(asks_for_whole(get));
  for (const char* name : {"Range", "If-Range", "If-None-Match", "If-Modified-Since"}) {
    core::http::Request asking = get;
    asking.headers.add(name, "x");
    EXPECT_FALSE(asks_for_whole(asking)) << name;
  }
}

}  // namespace
}  // namespace edge::cache
