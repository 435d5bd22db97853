// The disk tier's index on its own: exact S3-FIFO order (one-hit wonders leave from the small
// queue, the ghost sends returning keys to main, main reinserts by count), recovery order,
// recency stamps, and byte accounting under concurrent finds, inserts and evictions.
#include "edge/cache/disk_index.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace edge::cache {
namespace {

using Keys = std::vector<std::string>;

EntryPtr entry(const std::string& key, uint64_t size) {
  static std::atomic<uint64_t> next_id{1};
  return std::make_shared<DiskEntry>(DiskEntry{key, next_id++, size, 0, 0, "head"});
}

Keys keys_of(const std::vector<EntryPtr>& entries) {
  Keys keys;
  for (const EntryPtr& e : entries)
    keys.push_back(e->key);
  return keys;
}

// The committer's rule with a budget of 1000: past 950 bytes, evict down to 900.
class DiskIndexTest : public ::testing::Test {
 protected:
  DiskIndexTest() { index_.set_budget(1000); }
  void publish(const std::string& key, uint64_t size = 100) {
    index_.insert(entry(key, size));
    if (index_.bytes() <= 950) return;
    for (const std::string& key_evicted : keys_of(index_.evict_to(900)))
      evicted_.push_back(key_evicted);
  }
  void find_times(const std::string& key, int times) {
    for (int i = 0; i < times; ++i)
      ASSERT_TRUE(index_.find(key)) << key;
  }

  DiskIndex index_;
  Keys evicted_;
};

TEST_F(DiskIndexTest, OneHitWondersDoNotEvictObjectsFoundAgain) {
  for (std::string hot : {"h0", "h1", "h2", "h3"}) {
    publish(hot);
    find_times(hot, 2);
  }
  // A scan of 50 objects asked for once. An LRU would have dropped h0-h3 by its ninth one.
  for (int i = 0; i < 50; ++i)
    publish("s" + std::to_string(i));

  Keys expected_evicted;
  for (int i = 0; i < 45; ++i)
    expected_evicted.push_back("s" + std::to_string(i));
  EXPECT_EQ(evicted_, expected_evicted);
  for (std::string hot : {"h0", "h1", "h2", "h3"})
    EXPECT_TRUE(index_.peek(hot)) << hot;
  EXPECT_EQ(index_.bytes(), 900u);
  EXPECT_EQ(index_.count(), 9u);
  // h0-h3 moved to main at the first eviction; small keeps the last five scanned.
  auto sizes = index_.queue_sizes();
  EXPECT_EQ(sizes.small_bytes, 500u);
  EXPECT_EQ(sizes.main_bytes, 400u);
  EXPECT_EQ(sizes.ghost_keys, 9u);  // 900 bytes' worth: s36-s44
  // Small down to its 100-byte share first, then main, then small's last.
  EXPECT_EQ(index_.eviction_order(),
            (Keys{"s45", "s46", "s47", "s48", "h0", "h1", "h2", "h3", "s49"}));
}

TEST_F(DiskIndexTest, AKeyTheGhostRemembersGoesToMain) {
  for (char c = 'a'; c <= 'j'; ++c)
    publish(std::string(1, c));
  EXPECT_EQ(evicted_, Keys{"a"});
  EXPECT_EQ(index_.queue_sizes().ghost_keys, 1u);

  publish("a");  // a miss on a remembered key: straight to main; b leaves small for it
  publish("k");  // not remembered: small; c leaves
  EXPECT_EQ(evicted_, (Keys{"a", "b", "c"}));
  auto sizes = index_.queue_sizes();
  EXPECT_EQ(sizes.main_bytes, 100u);
  EXPECT_EQ(sizes.small_bytes, 800u);
  EXPECT_EQ(sizes.ghost_keys, 2u);  // b and c; a was recalled
  EXPECT_EQ(index_.eviction_order(), (Keys{"d", "e", "f", "g", "h", "i", "j", "a", "k"}));
}

TEST_F(DiskIndexTest, TheGhostForgetsOldestKeysPastMainsShare) {
  for (int i = 0; i < 10; ++i)
    index_.insert(entry("g" + std::to_string(i), 100));
  EXPECT_EQ(index_.evict_to(0).size(), 10u);
  EXPECT_EQ(index_.queue_sizes().ghost_keys, 9u);  // main's share is 900 bytes: g0 forgotten
  index_.insert(entry("g0", 100));
  index_.insert(entry("g1", 100));
  auto sizes = index_.queue_sizes();
  EXPECT_EQ(sizes.small_bytes, 100u);  // g0
  EXPECT_EQ(sizes.main_bytes, 100u);   // g1
  EXPECT_EQ(sizes.ghost_keys, 8u);
}

TEST_F(DiskIndexTest, MainReinsertsFoundObjectsAndLowersTheirCount) {
  // Recovered entries: main, oldest first.
  uint64_t access = 1;
  for (std::string key : {"a", "b", "c", "d"})
    index_.insert(entry(key, 100), access++);
  EXPECT_EQ(index_.queue_sizes().main_bytes, 400u);
  EXPECT_EQ(index_.eviction_order(), (Keys{"a", "b", "c", "d"}));
  find_times("a", 2);
  find_times("b", 1);
  // a: count 2 -> 1, to the tail; b: 1 -> 0, to the tail; c: 0, evicted.
  EXPECT_EQ(keys_of(index_.evict_to(300)), Keys{"c"});
  EXPECT_EQ(index_.eviction_order(), (Keys{"d", "b", "a"}));
  EXPECT_EQ(keys_of(index_.evict_to(100)), (Keys{"d", "b"}));
  EXPECT_TRUE(index_.peek("a"));
  EXPECT_EQ(index_.bytes(), 100u);
}

TEST_F(DiskIndexTest, CountsStopAtThree) {
  index_.insert(entry("x", 100), 1);
  index_.insert(entry("y", 100), 2);
  find_times("x", 10);
  find_times("y", 3);
  // Both at 3: they take turns at the head, and x, first in line, reaches 0 first.
  EXPECT_EQ(index_.eviction_order(), (Keys{"x", "y"}));
  EXPECT_EQ(keys_of(index_.evict_to(100)), Keys{"x"});
}

TEST_F(DiskIndexTest, RecoveryAdvancesTheClockAndFindsAreStampedForPersistence) {
  index_.insert(entry("old", 100), 40);
  index_.insert(entry("recent", 100), 41);
  EXPECT_EQ(index_.now(), 42u);
  publish("new");
  EXPECT_TRUE(index_.take_touched().empty());  // a put's record carries its stamp already
  find_times("old", 1);
  find_times("new", 1);
  find_times("old", 1);
  auto touched = index_.take_touched();
  ASSERT_EQ(touched.size(), 2u);
  if (touched[0].entry->key != "old") std::swap(touched[0], touched[1]);
  EXPECT_EQ(touched[0].entry->key, "old");
  EXPECT_EQ(touched[1].entry->key, "new");
  EXPECT_GT(touched[0].access, touched[1].access);
  EXPECT_GT(touched[1].access, 42u);
  EXPECT_TRUE(index_.take_touched().empty());
  EXPECT_TRUE(index_.peek("old"));
  EXPECT_TRUE(index_.take_touched().empty());  // peek is no access
}

TEST_F(DiskIndexTest, ARefillKeepsItsPlaceAndCountsAsAnAccess) {
  for (std::string key : {"k", "l", "m", "n"})
    publish(key);
  EntryPtr replaced = index_.insert(entry("k", 300));
  ASSERT_TRUE(replaced);
  EXPECT_EQ(replaced->size, 100u);
  EXPECT_EQ(index_.bytes(), 600u);
  EXPECT_EQ(index_.queue_sizes().small_bytes, 600u);
  // k was asked for again: it moves to main instead of leaving.
  EXPECT_EQ(keys_of(index_.evict_to(500)), Keys{"l"});
  EXPECT_EQ(index_.queue_sizes().main_bytes, 300u);
}

TEST_F(DiskIndexTest, PurgesForgetEntriesWithoutAGhost) {
  for (std::string key : {"/v/a/1", "/v/a/2", "/v/b/1"})
    publish(key);
  find_times("/v/a/1", 1);
  EXPECT_EQ(keys_of(index_.erase_prefix("/v/a/")).size(), 2u);
  EXPECT_FALSE(index_.erase("/v/b/1", 999'999));  // another id: kept
  EXPECT_TRUE(index_.erase("/v/b/1"));
  EXPECT_EQ(index_.bytes(), 0u);
  EXPECT_EQ(index_.count(), 0u);
  EXPECT_TRUE(index_.take_touched().empty());
  publish("/v/a/1");
  auto sizes = index_.queue_sizes();
  EXPECT_EQ(sizes.small_bytes, 100u);
  EXPECT_EQ(sizes.ghost_keys, 0u);
}

TEST_F(DiskIndexTest, ConcurrentFindsInsertsAndEvictionsKeepBytesExact) {
  constexpr int kKeys = 400;
  std::atomic<bool> done{false};
  std::vector<std::thread> finders;
  for (int t = 0; t < 3; ++t) {
    finders.emplace_back([&, t] {
      for (int i = t; !done.load(); i = (i + 7) % kKeys)
        index_.find("k" + std::to_string(i));
    });
  }
  for (int round = 0; round < 20; ++round) {
    for (int i = 0; i < kKeys; ++i) {
      index_.insert(entry("k" + std::to_string(i), 1 + (i * 37 + round) % 50));
      if (i % 10 == 0) index_.take_touched();
      if (index_.bytes() > 950) index_.evict_to(900);
    }
    index_.erase_prefix("k1");
  }
  done = true;
  for (auto& thread : finders)
    thread.join();

  uint64_t bytes = 0;
  uint64_t count = 0;
  for (int i = 0; i < kKeys; ++i) {
    if (EntryPtr e = index_.peek("k" + std::to_string(i))) {
      bytes += e->size;
      ++count;
    }
  }
  EXPECT_EQ(index_.bytes(), bytes);
  EXPECT_EQ(index_.count(), count);
  auto sizes = index_.queue_sizes();
  EXPECT_EQ(sizes.small_bytes + sizes.main_bytes, bytes);
  EXPECT_EQ(index_.eviction_order().size(), count);
  EXPECT_LE(bytes, 950u);
}

}  // namespace
}  // namespace edge::cache
