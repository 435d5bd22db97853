// Memory tier: exact LRU order and byte budget per shard, replacement, refusals, purge by
// path prefix, and four threads inserting, finding and erasing at once.
#include "edge/cache/memory_tier.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "edge/cache/hit_head.h"

namespace edge::cache {
namespace {

std::shared_ptr<const CachedObject> object(size_t body_size, char fill = 'x') {
  auto o = std::make_shared<CachedObject>();
  o->head.headers.add("content-type", "video/mp4");
  o->body = std::make_shared<const std::string>(body_size, fill);
  return o;
}

// `count` distinct keys under `prefix` that share one shard, all of the same length.
std::vector<std::string> same_shard_keys(std::string_view prefix, size_t count) {
  std::vector<std::string> keys;
  size_t shard = MemoryTier::kShards;
  for (int i = 1000; keys.size() < count; ++i) {
    std::string key = std::string(prefix) + std::to_string(i);
    if (shard == MemoryTier::kShards) shard = MemoryTier::shard_of(key);
    if (MemoryTier::shard_of(key) == shard) keys.push_back(std::move(key));
  }
  return keys;
}

TEST(MemoryTier, FindSharesTheStoredObject) {
  MemoryTier tier(1 << 20);
  auto o = object(100);
  EXPECT_TRUE(tier.insert("/v/a", o));
  EXPECT_EQ(tier.find("/v/a"), o);
  EXPECT_EQ(tier.find("/v/a")->body, o->body);
  EXPECT_EQ(tier.find("/v/b"), nullptr);
}

TEST(MemoryTier, LruOrderIsExactWithinAShard) {
  const auto keys = same_shard_keys("/v/seg_", 5);
  const auto o = object(1000);
  const uint64_t charge = memory_charge(keys[0], *o);
  MemoryTier tier(3 * charge * MemoryTier::kShards);  // three objects per shard
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(tier.insert(keys[i], o));
  ASSERT_NE(tier.find(keys[0]), nullptr);  // recency: 0, 2, 1
  ASSERT_TRUE(tier.insert(keys[3], o));    // evicts 1
  EXPECT_EQ(tier.find(keys[1]), nullptr);
  ASSERT_NE(tier.find(keys[2]), nullptr);  // recency: 2, 3, 0
  ASSERT_TRUE(tier.insert(keys[4], o));    // evicts 0
  EXPECT_EQ(tier.find(keys[0]), nullptr);
  EXPECT_NE(tier.find(keys[2]), nullptr);
  EXPECT_NE(tier.find(keys[3]), nullptr);
  EXPECT_NE(tier.find(keys[4]), nullptr);
  const auto stats = tier.stats();
  EXPECT_EQ(stats.objects, 3u);
  EXPECT_EQ(stats.bytes, 3 * charge);
  EXPECT_EQ(stats.evictions, 2u);
}

TEST(MemoryTier, ByteBudgetIsExact) {
  const auto keys = same_shard_keys("/v/b_", 3);
  const uint64_t shard_budget = 10000;
  MemoryTier tier(shard_budget * MemoryTier::kShards);
  EXPECT_EQ(tier.stats().budget, shard_budget * MemoryTier::kShards);
  const uint64_t overhead = memory_charge(keys[0], *object(0));
  auto first = object(4000);
  ASSERT_TRUE(tier.insert(keys[0], first));
  // Exactly filling the rest of the shard evicts nothing.
  const uint64_t rest = shard_budget - memory_charge(keys[0], *first);
  ASSERT_TRUE(tier.insert(keys[1], object(rest - overhead)));
  EXPECT_EQ(tier.stats().bytes, shard_budget);
  EXPECT_EQ(tier.stats().evictions, 0u);
  EXPECT_EQ(tier.stats().objects, 2u);
  // One byte more than fits evicts the least recent.
  ASSERT_TRUE(tier.insert(keys[2], object(1)));
  EXPECT_EQ(tier.find(keys[0]), nullptr);
  EXPECT_EQ(tier.stats().evictions, 1u);
  EXPECT_EQ(tier.stats().bytes,
            shard_budget - memory_charge(keys[0], *first) + memory_charge(keys[2], *object(1)));
}

TEST(MemoryTier, AHeadMadeForHitsCountsAgainstTheBudget) {
  auto plain = std::make_shared<CachedObject>(*object(100));
  auto with_hit_head = std::make_shared<CachedObject>(*plain);
  with_hit_head->hit_head = make_hit_head(plain->head);
  ASSERT_TRUE(with_hit_head->hit_head);
  const std::string_view line = "content-type: video/mp4\r\n";
  EXPECT_GT(memory_charge("/k", *with_hit_head), memory_charge("/k", *plain) + 2 * line.size());
}

TEST(MemoryTier, ObjectsOverASixteenthStayOut) {
  const uint64_t shard_budget = 10000;
  MemoryTier tier(shard_budget * MemoryTier::kShards);
  const uint64_t overhead = memory_charge("/v/big", *object(0));
  EXPECT_TRUE(tier.insert("/v/big", object(shard_budget - overhead)));
  EXPECT_EQ(tier.stats().bytes, shard_budget);
  EXPECT_FALSE(tier.insert("/v/big", object(shard_budget - overhead + 1)));
  // The refused version's older entry is gone too: it is outdated.
  EXPECT_EQ(tier.find("/v/big"), nullptr);
  EXPECT_EQ(tier.stats().bytes, 0u);
  auto no_body = std::make_shared<CachedObject>();
  EXPECT_FALSE(tier.insert("/v/nobody", no_body));
  EXPECT_FALSE(tier.insert("/v/null", nullptr));
  EXPECT_FALSE(MemoryTier(15).insert("/v/a", object(0)));
}

TEST(MemoryTier, ReplacingAKeyRecountsItsBytes) {
  MemoryTier tier(1 << 20);
  ASSERT_TRUE(tier.insert("/v/a", object(100, 'a')));
  auto newer = object(300, 'b');
  ASSERT_TRUE(tier.insert("/v/a", newer));
  EXPECT_EQ(tier.find("/v/a"), newer);
  EXPECT_EQ(tier.stats().objects, 1u);
  EXPECT_EQ(tier.stats().bytes, memory_charge("/v/a", *newer));
  EXPECT_EQ(tier.stats().evictions, 0u);
}

TEST(MemoryTier, ChargeCountsKeyBodyAndFields) {
  auto o = std::make_shared<CachedObject>();
  o->body = std::make_shared<const std::string>(1000, 'x');
  const uint64_t bare = memory_charge("/k", *o);
  EXPECT_EQ(memory_charge("/key", *o), bare + 2);
  o->head.headers.add("etag", "\"12\"");
  EXPECT_GT(memory_charge("/k", *o), bare + 8);
}

TEST(MemoryTier, EraseAndEraseByPathPrefix) {
  MemoryTier tier(1 << 20);
  for (const char* key : {"/v/v1/a", "/v/v1/b?x=1", "/v/v1/c\ngzip", "/v/v10/a", "/v/v2/a"}) {
    ASSERT_TRUE(tier.insert(key, object(10)));
  }
  tier.erase("/v/v2/a");
  tier.erase("/v/none");
  EXPECT_EQ(tier.find("/v/v2/a"), nullptr);
  EXPECT_EQ(tier.erase_prefix("/v/v1/"), 3u);
  EXPECT_EQ(tier.find("/v/v1/a"), nullptr);
  EXPECT_NE(tier.find("/v/v10/a"), nullptr);
  EXPECT_EQ(tier.stats().objects, 1u);
  EXPECT_EQ(tier.stats().bytes, memory_charge("/v/v10/a", *object(10)));
  // A prefix reaching into the query part matches nothing: purge is by path.
  EXPECT_EQ(tier.erase_prefix("/v/v10/a?"), 0u);
  EXPECT_EQ(tier.erase_prefix("/v/v10/a"), 1u);
}

TEST(MemoryTier, FourThreadsInsertFindAndErase) {
  constexpr int kKeys = 200;
  constexpr int kRounds = 5000;
  MemoryTier tier(64 * 1024);  // small: eviction runs all the time
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      uint32_t x = 7 + t;
      for (int i = 0; i < kRounds; ++i) {
        x = x * 1664525 + 1013904223;
        const int k = static_cast<int>((x >> 8) % kKeys);
        const std::string key = "/v/t/" + std::to_string(k);
        switch ((x >> 24) % 8) {
          case 0:
            tier.erase(key);
            break;
          case 1:
          case 2:
            // Every key's body is its own size and letter, so a reader can check it.
            tier.insert(key, object(static_cast<size_t>(k * 10), static_cast<char>('a' + k % 26)));
            break;
          default:
            if (auto o = tier.find(key)) {
              if (o->body->size() != static_cast<size_t>(k * 10) ||
                  (k > 0 && o->body->front() != 'a' + k % 26)) {
                ++wrong;
              }
            }
        }
        if (i % 1000 == 999) tier.erase_prefix("/v/t/1");
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(wrong.load(), 0);
  uint64_t bytes = 0;
  uint64_t objects = 0;
  for (int k = 0; k < kKeys; ++k) {
    const std::string key = "/v/t/" + std::to_string(k);
    if (auto o = tier.find(key)) {
      bytes += memory_charge(key, *o);
      ++objects;
    }
  }
  const auto stats = tier.stats();
  EXPECT_EQ(stats.bytes, bytes);
  EXPECT_EQ(stats.objects, objects);
  EXPECT_LE(stats.bytes, stats.budget);
  EXPECT_GT(stats.evictions, 0u);
}

}  // namespace
}  // namespace edge::cache
