// CacheSource::answer_at_once: which hits it answers at once and which it leaves to the long
// way, and that what it answers is counted as the long way counts a hit.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/metrics/registry.h"
#include "edge/cache/cache_key.h"
#include "edge/cache/cache_shared.h"
#include "edge/cache/cache_source.h"
#include "edge/cache/hit_head.h"
#include "tests/unit/edge/cache/disk_test_support.h"

namespace edge::cache {
namespace {

constexpr std::string_view kPath = "/v/a1/360p/index.m3u8";

class AnswerAtOnceTest : public ::testing::Test {
 protected:
  explicit AnswerAtOnceTest(CacheSettings settings = {})
      : shared_(std::make_shared<CacheShared>(std::move(settings), 16 << 20, nullptr, registry_)),
        source_(shared_, nullptr, nullptr, clock_) {}

  static core::http::Request get(std::string_view target = kPath) {
    core::http::Request request;
    request.method = "GET";
    request.target = std::string(target);
    return request;
  }

  // Stores a response received now, fresh for `lifetime_s`.
  void store(int status, size_t size, int64_t lifetime_s = 60, bool warmed = false) {
    core::http::ResponseHead head;
    head.status = status;
    head.headers.add("content-type", "application/vnd.apple.mpegurl");
    Freshness freshness;
    freshness.response_time_s = clock_.unix_seconds();
    freshness.lifetime_s = lifetime_s;
    auto object = std::make_shared<CachedObject>(
        CachedObject{head, freshness, std::make_shared<const std::string>(size, 'p'), warmed,
                     make_hit_head(head)});
    const std::optional<std::string> key = cache_key(get(), shared_->settings.keys);
    if (!key) FAIL() << "no key for " << kPath;
    ASSERT_TRUE(shared_->memory.insert(*key, object));
  }

  uint64_t hits() const { return shared_->metrics.lookups(LookupResult::kHit); }

  core::metrics::Registry registry_;
  testing::FakeClock clock_;
  std::shared_ptr<CacheShared> shared_;
  CacheSource source_;
};

TEST_F(AnswerAtOnceTest, AFreshPlaylistIsAnsweredAndCountedAsAHit) {
  store(200, 1000, 60, /*warmed=*/true);
  std::vector<std::string> warm_hits;
  shared_->warmed_hit = [&](const std::string& key) { warm_hits.push_back(key); };
  clock_.advance(5);
  const std::optional<proxy::ReadyAnswer> answer = source_.answer_at_once(get());
  if (!answer) FAIL() << "a fresh playlist in memory goes the long way";
  const proxy::ReadyAnswer& ready = *answer;
  EXPECT_EQ(ready.head->status, 200);
  EXPECT_EQ(ready.age_s, 5);
  EXPECT_EQ(ready.cache_status, "HIT");
  EXPECT_EQ(ready.body.bytes, std::string(1000, 'p'));
  EXPECT_EQ(hits(), 1u);
  EXPECT_EQ(shared_->metrics.hits_at_once.value(), 1u);
  EXPECT_EQ(shared_->metrics.served(Tier::kMemory), 1000u);
  EXPECT_EQ(warm_hits.size(), 1u);
}

TEST_F(AnswerAtOnceTest, RequestsThatAskForMoreTakeTheLongWay) {
  store(200, 1000);
  core::http::Request head = get();
  head.method = "HEAD";
  EXPECT_FALSE(source_.answer_at_once(head));
  for (const char* field : {"range", "if-range", "if-none-match", "if-modified-since"}) {
    core::http::Request asking = get();
    asking.headers.add(field, "x");
    EXPECT_FALSE(source_.answer_at_once(asking)) << field;
  }
  EXPECT_FALSE(source_.answer_at_once(get("/v/a1/360p/other.m3u8"))) << "not stored";
  EXPECT_FALSE(source_.answer_at_once(get("/v/a1/%zz/index.m3u8"))) << "no key";
  EXPECT_EQ(hits(), 0u) << "counted by the long way only";
  EXPECT_EQ(shared_->metrics.hits_at_once.value(), 0u);
}

TEST_F(AnswerAtOnceTest, ObjectsThatNeedMoreTakeTheLongWay) {
  store(200, 1000, /*lifetime_s=*/10);
  clock_.advance(11);
  EXPECT_FALSE(source_.answer_at_once(get())) << "stale: the long way revalidates";
  store(404, 100);
  EXPECT_FALSE(source_.answer_at_once(get())) << "only a 200 has a hit head";
  store(200, size_t{64} * 1024 + 1);
  EXPECT_FALSE(source_.answer_at_once(get())) << "a large body ends the request as it drains";
  store(200, size_t{64} * 1024);
  EXPECT_TRUE(source_.answer_at_once(get()));
}

class AnswerAtOnceWithVaryTest : public AnswerAtOnceTest {
 protected:
  static CacheSettings varying() {
    CacheSettings settings;
    settings.keys.vary_headers = {"accept-encoding"};
    return settings;
  }
  AnswerAtOnceWithVaryTest() : AnswerAtOnceTest(varying()) {}
};

TEST_F(AnswerAtOnceWithVaryTest, AConfiguredVaryHeaderSendsEveryHitTheLongWay) {
  store(200, 1000);
  EXPECT_FALSE(source_.answer_at_once(get()));
}

}  // namespace
}  // namespace edge::cache
