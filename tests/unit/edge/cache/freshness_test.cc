// Storability (each refusal), freshness lifetime precedence, age with Age and Date skew,
// verdicts, stale-if-error, validators and the 304 merge.
#include "edge/cache/freshness.h"

#include <gtest/gtest.h>

namespace edge::cache {
namespace {

using core::http::Header;

constexpr int64_t kNow = 1700000000;
constexpr std::string_view kNowDate = "Tue, 14 Nov 2023 22:13:20 GMT";  // kNow

core::http::Request get(std::string_view target = "/v/v1/seg_0.m4s") {
  core::http::Request r;
  r.method = "GET";
  r.target = std::string(target);
  return r;
}

core::http::ResponseHead response(int status, std::initializer_list<Header> fields) {
  core::http::ResponseHead head;
  head.status = status;
  for (const auto& [name, value] : fields)
    head.headers.add(name, value);
  return head;
}

std::expected<Freshness, std::string_view> check(const core::http::ResponseHead& head,
                                                 const CachePolicy& policy = {}) {
  return storable(get(), head, kNow, kNow, policy);
}

// The Freshness of a head that must be storable; a test failure and lifetime -1 otherwise.
Freshness stored(const core::http::ResponseHead& head, const CachePolicy& policy = {}) {
  auto result = check(head, policy);
  if (result) return *result;
  ADD_FAILURE() << "refused: " << result.error();
  Freshness refused;
  refused.lifetime_s = -1;
  return refused;
}

std::string_view refusal(const core::http::ResponseHead& head, const CachePolicy& policy = {}) {
  auto result = check(head, policy);
  return result ? std::string_view("stored") : result.error();
}

TEST(Storable, ImmutableSegment) {
  auto f = check(response(200, {{"cache-control", "public, max-age=31536000, immutable"},
                                {"date", std::string(kNowDate)}}));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->lifetime_s, 31536000);
  EXPECT_EQ(f->corrected_initial_age_s, 0);
  EXPECT_EQ(f->response_time_s, kNow);
  EXPECT_TRUE(f->immutable);
  EXPECT_FALSE(f->no_cache);
  EXPECT_FALSE(f->must_revalidate);
}

TEST(Storable, EachRefusal) {
  core::http::Request head_request = get();
  head_request.method = "HEAD";
  EXPECT_EQ(storable(head_request, response(200, {{"cache-control", "max-age=60"}}), kNow, kNow, {})
                .error(),
            "method");
  EXPECT_EQ(refusal(response(206, {{"cache-control", "max-age=60"}})), "partial");
  EXPECT_EQ(
      refusal(response(200, {{"cache-control", "max-age=60"}, {"content-range", "bytes 0-9/100"}})),
      "partial");
  for (int status : {201, 302, 304, 307, 400, 403, 500, 503}) {
    EXPECT_EQ(refusal(response(status, {{"cache-control", "max-age=60"}})), "status") << status;
  }
  EXPECT_EQ(refusal(response(200, {{"cache-control", "max-age=60, no-store"}})), "no_store");
  EXPECT_EQ(refusal(response(200, {{"cache-control", "private, max-age=60"}})), "private");
  EXPECT_EQ(refusal(response(200, {{"cache-control", "max-age=60"}, {"set-cookie", "a=b"}})),
            "set_cookie");
  EXPECT_EQ(refusal(response(200, {{"cache-control", "max-age=60"}, {"vary", "*"}})), "vary_star");
  EXPECT_EQ(refusal(response(200, {{"cache-control", "max-age=60"}, {"vary", "Accept-Encoding"}})),
            "vary_unconfigured");
  EXPECT_EQ(refusal(response(200, {{"etag", "\"x\""}})), "no_freshness");
  EXPECT_EQ(refusal(response(200, {{"cache-control", "max-age=0"}})), "unusable");
  EXPECT_EQ(refusal(response(200, {{"cache-control", "no-cache, max-age=60"}})), "unusable");

  core::http::ResponseHead big = response(200, {{"cache-control", "max-age=60"}});
  big.content_length = (uint64_t{64} << 20) + 1;
  EXPECT_EQ(refusal(big), "too_large");
  big.content_length = uint64_t{64} << 20;
  EXPECT_EQ(refusal(big), "stored");
}

TEST(Storable, AuthorizationNeedsPublicOrSMaxageOrMustRevalidate) {
  core::http::Request request = get();
  request.headers.add("Authorization", "Bearer x");
  auto with = [&](std::string_view cc) {
    auto r = storable(request, response(200, {{"cache-control", std::string(cc)}}), kNow, kNow, {});
    return r ? std::string_view("stored") : r.error();
  };
  EXPECT_EQ(with("max-age=60"), "authorization");
  EXPECT_EQ(with("public, max-age=60"), "stored");
  EXPECT_EQ(with("s-maxage=60"), "stored");
  EXPECT_EQ(with("max-age=60, must-revalidate"), "stored");
}

TEST(Storable, VaryOnConfiguredHeaders) {
  CachePolicy policy;
  policy.vary_headers = {"accept-encoding", "origin"};
  EXPECT_EQ(
      refusal(response(200, {{"cache-control", "max-age=60"}, {"vary", "Accept-Encoding, origin"}}),
              policy),
      "stored");
  EXPECT_EQ(refusal(response(200, {{"cache-control", "max-age=60"},
                                   {"vary", "accept-encoding"},
                                   {"vary", "accept-language"}}),
                    policy),
            "vary_unconfigured");
  EXPECT_EQ(
      refusal(response(200, {{"cache-control", "max-age=60"}, {"vary", "origin, *"}}), policy),
      "vary_star");
  EXPECT_EQ(refusal(response(200, {{"cache-control", "max-age=60"}, {"vary", " , "}}), policy),
            "stored");
}

TEST(Storable, EveryStorableStatus) {
  for (int status : {200, 203, 204, 300, 301, 308, 404, 410}) {
    EXPECT_TRUE(check(response(status, {{"cache-control", "max-age=60"}}))) << status;
  }
}

TEST(Storable, LifetimePrecedence) {
  const std::string date(kNowDate);
  const std::string expires = "Tue, 14 Nov 2023 22:23:20 GMT";  // date + 600
  EXPECT_EQ(stored(response(200, {{"cache-control", "max-age=60, s-maxage=30"},
                                  {"expires", expires},
                                  {"date", date}}))
                .lifetime_s,
            30);
  EXPECT_EQ(
      stored(response(200, {{"cache-control", "max-age=60"}, {"expires", expires}, {"date", date}}))
          .lifetime_s,
      60);
  EXPECT_EQ(stored(response(200, {{"expires", expires}, {"date", date}})).lifetime_s, 600);
  // Without Date, Expires counts from the response time.
  EXPECT_EQ(stored(response(200, {{"expires", expires}})).lifetime_s, 600);
  // Expires before Date, or invalid ("0"), is already expired; kept only with a validator.
  EXPECT_EQ(refusal(response(200, {{"expires", "0"}})), "unusable");
  EXPECT_EQ(stored(response(200, {{"expires", "0"}, {"etag", "\"e\""}})).lifetime_s, 0);
  EXPECT_EQ(stored(response(200, {{"expires", "Tue, 14 Nov 2023 22:00:00 GMT"},
                                  {"date", date},
                                  {"last-modified", "Tue, 14 Nov 2023 21:00:00 GMT"}}))
                .lifetime_s,
            0);
}

TEST(Storable, NegativeCaching) {
  EXPECT_EQ(stored(response(404, {})).lifetime_s, 10);
  EXPECT_EQ(stored(response(410, {})).lifetime_s, 10);
  EXPECT_EQ(stored(response(404, {{"cache-control", "max-age=2"}})).lifetime_s, 2);
  CachePolicy none;
  none.negative_ttl_s = 0;
  EXPECT_EQ(refusal(response(404, {}), none), "no_freshness");
  EXPECT_EQ(refusal(response(200, {})), "no_freshness");
}

TEST(Storable, Heuristic) {
  CachePolicy policy;
  policy.heuristic_max_s = 30;
  const std::string date(kNowDate);
  // No Last-Modified: the bound itself.
  EXPECT_EQ(stored(response(200, {{"date", date}}), policy).lifetime_s, 30);
  // 10% of Date - Last-Modified (100 s ago: 10 s), within the bound.
  EXPECT_EQ(
      stored(response(200, {{"date", date}, {"last-modified", "Tue, 14 Nov 2023 22:11:40 GMT"}}),
             policy)
          .lifetime_s,
      10);
  // A day old: capped at the bound.
  EXPECT_EQ(
      stored(response(200, {{"date", date}, {"last-modified", "Mon, 13 Nov 2023 22:13:20 GMT"}}),
             policy)
          .lifetime_s,
      30);
}

TEST(Storable, StaleExtensionsAndRevalidation) {
  auto f = check(response(
      200, {{"cache-control", "max-age=60, stale-while-revalidate=5, stale-if-error=600"}}));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->stale_while_revalidate_s, 5);
  EXPECT_EQ(f->stale_if_error_s, 600);
  EXPECT_TRUE(
      stored(response(200, {{"cache-control", "max-age=6, proxy-revalidate"}})).must_revalidate);
  EXPECT_TRUE(
      stored(response(200, {{"cache-control", "max-age=6, must-revalidate"}})).must_revalidate);
  auto no_cache = check(response(200, {{"cache-control", "no-cache"}, {"etag", "\"a\""}}));
  ASSERT_TRUE(no_cache);
  EXPECT_TRUE(no_cache->no_cache);
  EXPECT_EQ(no_cache->lifetime_s, 0);
  EXPECT_EQ(judge(*no_cache, kNow), Verdict::kMustRevalidate);
  EXPECT_EQ(refusal(response(200, {{"cache-control", "no-cache"}})), "no_freshness");
}

TEST(Age, FromAgeFieldAndDelay) {
  // Sent at kNow - 3, arrived at kNow with Age: 100 and a Date agreeing with our clock.
  auto f = storable(
      get(),
      response(200,
               {{"cache-control", "max-age=600"}, {"age", "100"}, {"date", std::string(kNowDate)}}),
      kNow - 3, kNow, {});
  ASSERT_TRUE(f);
  EXPECT_EQ(f->corrected_initial_age_s, 103);
  EXPECT_EQ(current_age(*f, kNow), 103);
  EXPECT_EQ(current_age(*f, kNow + 50), 153);
  EXPECT_EQ(current_age(*f, kNow - 50), 103);  // a clock going back does not make it younger
}

TEST(Age, DateBehindOurClock) {
  // The origin's clock is 500 s behind: the apparent age (500) beats Age + delay (12).
  auto f = storable(get(),
                    response(200, {{"cache-control", "max-age=600"},
                                   {"age", "10"},
                                   {"date", "Tue, 14 Nov 2023 22:05:00 GMT"}}),
                    kNow - 2, kNow, {});
  ASSERT_TRUE(f);
  EXPECT_EQ(f->corrected_initial_age_s, 500);
}

TEST(Age, DateAheadOfOurClock) {
  // A Date in our future gives no apparent age; Age + delay stands.
  auto f = storable(get(),
                    response(200, {{"cache-control", "max-age=600"},
                                   {"age", "7"},
                                   {"date", "Tue, 14 Nov 2023 23:00:00 GMT"}}),
                    kNow - 1, kNow, {});
  ASSERT_TRUE(f);
  EXPECT_EQ(f->corrected_initial_age_s, 8);
}

TEST(Age, BadAgeFieldCountsAsAbsent) {
  for (std::string_view age : {"-5", "abc", "1.5", ""}) {
    auto f = storable(get(),
                      response(200, {{"cache-control", "max-age=600"}, {"age", std::string(age)}}),
                      kNow, kNow, {});
    ASSERT_TRUE(f);
    EXPECT_EQ(f->corrected_initial_age_s, 0) << age;
  }
  auto huge = storable(get(),
                       response(200, {{"cache-control", "max-age=600, stale-if-error=9"},
                                      {"age", "999999999999999999999"},
                                      {"etag", "\"v\""}}),
                       kNow, kNow, {});
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->corrected_initial_age_s, int64_t{1} << 31);
}

Freshness freshness(int64_t lifetime, int64_t swr = 0, int64_t sie = 0) {
  Freshness f;
  f.response_time_s = kNow;
  f.corrected_initial_age_s = 10;
  f.lifetime_s = lifetime;
  f.stale_while_revalidate_s = swr;
  f.stale_if_error_s = sie;
  return f;
}

TEST(Judge, FreshThenStaleWhileRevalidateThenRevalidate) {
  const Freshness f = freshness(60, 30);
  EXPECT_EQ(judge(f, kNow), Verdict::kFresh);
  EXPECT_EQ(judge(f, kNow + 49), Verdict::kFresh);                 // age 59
  EXPECT_EQ(judge(f, kNow + 50), Verdict::kStaleWhileRevalidate);  // age 60
  EXPECT_EQ(judge(f, kNow + 79), Verdict::kStaleWhileRevalidate);
  EXPECT_EQ(judge(f, kNow + 80), Verdict::kMustRevalidate);
  EXPECT_EQ(to_label(Verdict::kStaleWhileRevalidate), "stale_while_revalidate");
}

TEST(Judge, NoCacheAndMustRevalidate) {
  Freshness f = freshness(60, 30);
  f.no_cache = true;
  EXPECT_EQ(judge(f, kNow), Verdict::kMustRevalidate);
  f.no_cache = false;
  f.must_revalidate = true;
  EXPECT_EQ(judge(f, kNow), Verdict::kFresh);
  EXPECT_EQ(judge(f, kNow + 50), Verdict::kMustRevalidate);
}

TEST(UsableOnError, StaleIfErrorWindow) {
  Freshness f = freshness(60, 0, 100);
  EXPECT_TRUE(usable_on_error(f, kNow));
  EXPECT_TRUE(usable_on_error(f, kNow + 149));  // age 159 < 160
  EXPECT_FALSE(usable_on_error(f, kNow + 150));
  f.must_revalidate = true;
  EXPECT_TRUE(usable_on_error(f, kNow));  // still fresh
  EXPECT_FALSE(usable_on_error(f, kNow + 60));
  f.must_revalidate = false;
  f.no_cache = true;
  EXPECT_FALSE(usable_on_error(f, kNow));
  EXPECT_FALSE(usable_on_error(freshness(60), kNow + 50));
}

TEST(Validators, FromEtagAndLastModified) {
  core::http::Headers upstream;
  upstream.add("If-None-Match", "\"viewer\"");
  upstream.add("Accept", "*/*");
  add_validators(
      response(200, {{"etag", "W/\"abc\""}, {"last-modified", "Tue, 14 Nov 2023 21:00:00 GMT"}}),
      upstream);
  EXPECT_EQ(upstream.get_combined("if-none-match"), "W/\"abc\"");
  EXPECT_EQ(upstream.get("if-modified-since"), "Tue, 14 Nov 2023 21:00:00 GMT");
  EXPECT_EQ(upstream.get("accept"), "*/*");

  core::http::Headers none;
  none.add("If-Modified-Since", "Tue, 14 Nov 2023 21:00:00 GMT");
  add_validators(response(200, {}), none);
  EXPECT_EQ(none.size(), 0u);
}

TEST(MergeNotModified, UpdatesFieldsButNotFraming) {
  core::http::ResponseHead stored = response(200, {{"content-type", "video/mp4"},
                                                   {"content-length", "1000"},
                                                   {"content-encoding", "identity"},
                                                   {"cache-control", "max-age=60"},
                                                   {"etag", "\"v1\""},
                                                   {"age", "30"},
                                                   {"x-keep", "yes"},
                                                   {"date", "Tue, 14 Nov 2023 21:00:00 GMT"}});
  stored.content_length = 1000;
  core::http::ResponseHead not_modified = response(304, {{"cache-control", "max-age=120"},
                                                         {"date", std::string(kNowDate)},
                                                         {"content-length", "0"},
                                                         {"content-encoding", "gzip"},
                                                         {"transfer-encoding", "chunked"},
                                                         {"connection", "close, x-hop"},
                                                         {"x-hop", "1"},
                                                         {"x-new", "a"},
                                                         {"x-new", "b"}});
  const core::http::ResponseHead merged = merge_not_modified(stored, not_modified);
  EXPECT_EQ(merged.status, 200);
  EXPECT_EQ(merged.content_length, 1000u);
  EXPECT_EQ(merged.headers.get_combined("cache-control"), "max-age=120");
  EXPECT_EQ(merged.headers.get_combined("date"), std::string(kNowDate));
  EXPECT_EQ(merged.headers.get_combined("content-length"), "1000");
  EXPECT_EQ(merged.headers.get_combined("content-encoding"), "identity");
  EXPECT_EQ(merged.headers.get_combined("content-type"), "video/mp4");
  EXPECT_EQ(merged.headers.get_combined("etag"), "\"v1\"");
  EXPECT_EQ(merged.headers.get_combined("x-keep"), "yes");
  EXPECT_EQ(merged.headers.get_combined("x-new"), "a, b");
  EXPECT_FALSE(merged.headers.contains("age"));
  EXPECT_FALSE(merged.headers.contains("transfer-encoding"));
  EXPECT_FALSE(merged.headers.contains("connection"));
  EXPECT_FALSE(merged.headers.contains("x-hop"));

  // The refreshed head gets a new lifetime from the revalidation's times.
  auto f = storable(get(), merged, kNow - 1, kNow, {});
  ASSERT_TRUE(f);
  EXPECT_EQ(f->lifetime_s, 120);
  EXPECT_EQ(f->corrected_initial_age_s, 1);
  EXPECT_EQ(judge(*f, kNow + 100), Verdict::kFresh);
}

TEST(MergeNotModified, AgeOfThe304IsKept) {
  const auto merged =
      merge_not_modified(response(200, {{"age", "300"}}), response(304, {{"age", "4"}}));
  EXPECT_EQ(merged.headers.get_combined("age"), "4");
}

}  // namespace
}  // namespace edge::cache
