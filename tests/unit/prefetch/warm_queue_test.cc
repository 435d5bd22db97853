// WarmQueue: order, dedupe, the three gates (in flight, viewer misses, bandwidth), expiry,
// eviction from a full queue, cancel, and what the cache probe drops.
#include "prefetch/warm_queue.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace prefetch {
namespace {

constexpr int64_t kNow = 1'000'000;
constexpr int64_t kLater = kNow + 60'000;

class FakeProbe : public CacheProbe {
 public:
  CacheState state(const std::string& key) const override {
    auto it = states.find(key);
    return it != states.end() ? it->second : CacheState::kAbsent;
  }
  std::map<std::string, CacheState> states;
};

WarmTask task(std::string key, double priority, int64_t expires_at_ms = kLater, uint64_t bytes = 0,
              std::string hint = "h1") {
  return {.key = std::move(key),
          .hint = std::move(hint),
          .priority = priority,
          .expires_at_ms = expires_at_ms,
          .expected_bytes = bytes,
          .follow_segments = 0};
}

// The task a call to next() started, or an empty one.
WarmTask started(const WarmQueue::Next& next) {
  return next.task.value_or(WarmTask{});
}

// Generous limits, so that a test meets only the gate it is about.
WarmLimits roomy() {
  return {.max_in_flight = 100,
          .pause_at_viewer_misses = 100,
          .bytes_per_second = 1'000'000'000,
          .burst_bytes = 1'000'000'000,
          .max_queued = 1'000};
}

// Starts everything that may start now and finishes it at once; the keys in start order.
std::vector<std::string> drain(WarmQueue& queue, const CacheProbe& probe, int64_t now = kNow) {
  std::vector<std::string> keys;
  for (;;) {
    auto next = queue.next(now, probe, 0);
    if (!next.task) return keys;
    keys.push_back(started(next).key);
    queue.finished(started(next).key, 0, now);
  }
}

TEST(WarmQueueTest, StartsByPriorityThenExpiryThenKey) {
  WarmQueue queue(roomy(), kNow);
  FakeProbe probe;
  EXPECT_EQ(queue.push(task("low", 0.1), kNow), PushResult::kQueued);
  EXPECT_EQ(queue.push(task("b-late", 0.5, kLater + 1), kNow), PushResult::kQueued);
  EXPECT_EQ(queue.push(task("c-soon", 0.5, kLater), kNow), PushResult::kQueued);
  EXPECT_EQ(queue.push(task("a-soon", 0.5, kLater), kNow), PushResult::kQueued);
  EXPECT_EQ(queue.push(task("top", 0.9), kNow), PushResult::kQueued);
  EXPECT_EQ(queue.queued(), 5u);
  EXPECT_EQ(drain(queue, probe),
            (std::vector<std::string>{"top", "a-soon", "c-soon", "b-late", "low"}));
  EXPECT_EQ(queue.queued(), 0u);
}

TEST(WarmQueueTest, DeduplicatesAndRaises) {
  WarmQueue queue(roomy(), kNow);
  FakeProbe probe;
  ASSERT_EQ(queue.push(task("x", 0.5), kNow), PushResult::kQueued);
  ASSERT_EQ(queue.push(task("y", 0.6), kNow), PushResult::kQueued);
  EXPECT_EQ(queue.push(task("x", 0.5), kNow), PushResult::kDuplicate);
  EXPECT_EQ(queue.push(task("x", 0.2), kNow), PushResult::kDuplicate);
  EXPECT_EQ(queue.queued(), 2u);
  WarmTask raise = task("x", 0.7, kLater + 5'000, 0, "h2");
  raise.follow_segments = 3;
  EXPECT_EQ(queue.push(raise, kNow), PushResult::kRaised);
  EXPECT_EQ(queue.queued(), 2u);
  auto next = queue.next(kNow, probe, 0);
  ASSERT_TRUE(next.task);
  EXPECT_EQ(started(next).key, "x");
  EXPECT_EQ(started(next).priority, 0.7);
  EXPECT_EQ(started(next).expires_at_ms, kLater + 5'000);
  EXPECT_EQ(started(next).follow_segments, 3);
  EXPECT_EQ(started(next).hint, "h1");  // still accounted to the hint that queued it
  // In flight: a new request for it is a duplicate, whatever its priority.
  EXPECT_EQ(queue.push(task("x", 1.0), kNow), PushResult::kDuplicate);
  queue.finished("x", 0, kNow);
  EXPECT_EQ(queue.push(task("x", 1.0), kNow), PushResult::kQueued);
}

TEST(WarmQueueTest, AQueuedDuplicateLastsUntilTheLaterExpiry) {
  WarmQueue queue(roomy(), kNow);
  FakeProbe probe;
  ASSERT_EQ(queue.push(task("x", 0.5, kNow + 10), kNow), PushResult::kQueued);
  EXPECT_EQ(queue.push(task("x", 0.1, kNow + 100), kNow), PushResult::kDuplicate);
  auto next = queue.next(kNow + 50, probe, 0);
  ASSERT_TRUE(next.task);
  EXPECT_EQ(started(next).priority, 0.5);
  EXPECT_TRUE(next.dropped.empty());
}

TEST(WarmQueueTest, RunsAtMostMaxInFlight) {
  WarmLimits limits = roomy();
  limits.max_in_flight = 2;
  WarmQueue queue(limits, kNow);
  FakeProbe probe;
  for (const char* key : {"a", "b", "c"})
    queue.push(task(key, 0.5), kNow);
  auto first = queue.next(kNow, probe, 0);
  auto second = queue.next(kNow, probe, 0);
  ASSERT_TRUE(first.task && second.task);
  auto third = queue.next(kNow, probe, 0);
  EXPECT_FALSE(third.task);
  EXPECT_EQ(third.retry_at_ms, -1);
  EXPECT_EQ(queue.in_flight(), 2u);
  queue.finished("unknown", 0, kNow);
  EXPECT_EQ(queue.in_flight(), 2u);
  queue.finished(started(first).key, 0, kNow);
  auto after = queue.next(kNow, probe, 0);
  ASSERT_TRUE(after.task);
  EXPECT_EQ(started(after).key, "c");
}

TEST(WarmQueueTest, PausesWhileViewersMiss) {
  WarmLimits limits = roomy();
  limits.pause_at_viewer_misses = 3;
  WarmQueue queue(limits, kNow);
  FakeProbe probe;
  queue.push(task("a", 0.5), kNow);
  auto paused = queue.next(kNow, probe, 3);
  EXPECT_FALSE(paused.task);
  EXPECT_EQ(paused.retry_at_ms, -1);
  EXPECT_EQ(queue.queued(), 1u);
  EXPECT_FALSE(queue.next(kNow, probe, 30).task);
  EXPECT_TRUE(queue.next(kNow, probe, 2).task);
}

TEST(WarmQueueTest, PacesStartsWithTheBandwidthBucket) {
  WarmLimits limits = roomy();
  limits.bytes_per_second = 1'000;
  limits.burst_bytes = 500;
  WarmQueue queue(limits, kNow);
  FakeProbe probe;
  for (const char* key : {"a", "b", "c"})
    queue.push(task(key, 0.5, kLater, 300), kNow);
  ASSERT_TRUE(queue.next(kNow, probe, 0).task);  // 500 -> 200
  auto wait = queue.next(kNow, probe, 0);
  EXPECT_FALSE(wait.task);
  EXPECT_EQ(wait.retry_at_ms, kNow + 100);  // 100 bytes short at 1 byte per ms
  EXPECT_FALSE(queue.next(kNow + 99, probe, 0).task);
  auto b = queue.next(kNow + 100, probe, 0);
  ASSERT_TRUE(b.task);
  EXPECT_EQ(started(b).key, "b");
  // Empty now; "c" needs 300 bytes: 300 ms more.
  EXPECT_EQ(queue.next(kNow + 100, probe, 0).retry_at_ms, kNow + 400);
  // A transfer that moved less than expected gives the difference back.
  queue.finished("b", 100, kNow + 100);
  auto c = queue.next(kNow + 100, probe, 0);
  EXPECT_FALSE(c.task);
  EXPECT_EQ(c.retry_at_ms, kNow + 200);
}

TEST(WarmQueueTest, TheRetryTimeIsTheFirstMillisecondWithEnough) {
  WarmLimits limits = roomy();
  limits.bytes_per_second = 3'000;  // 3 bytes per ms
  limits.burst_bytes = 300;
  WarmQueue queue(limits, kNow);
  FakeProbe probe;
  queue.push(task("a", 0.9, kLater, 200), kNow);
  queue.push(task("b", 0.5, kLater, 200), kNow);
  ASSERT_TRUE(queue.next(kNow, probe, 0).task);  // 300 -> 100
  auto wait = queue.next(kNow, probe, 0);
  EXPECT_EQ(wait.retry_at_ms, kNow + 34);  // 100 bytes short: 33.3 ms
  EXPECT_FALSE(queue.next(kNow + 33, probe, 0).task);
  EXPECT_EQ(started(queue.next(kNow + 34, probe, 0)).key, "b");
}

TEST(WarmQueueTest, ATaskLargerThanTheBurstStartsOnAFullBucket) {
  WarmLimits limits = roomy();
  limits.bytes_per_second = 1'000;
  limits.burst_bytes = 500;
  WarmQueue queue(limits, kNow);
  FakeProbe probe;
  queue.push(task("big", 0.9, kLater, 5'000), kNow);
  queue.push(task("small", 0.1, kLater, 100), kNow);
  auto big = queue.next(kNow, probe, 0);
  ASSERT_TRUE(big.task);
  EXPECT_EQ(started(big).key, "big");
  // The bucket owes 4500 bytes: "small" waits for 4600.
  EXPECT_EQ(queue.next(kNow, probe, 0).retry_at_ms, kNow + 4'600);
  // More than expected moved: the bucket takes the rest.
  queue.finished("big", 6'000, kNow);
  EXPECT_EQ(queue.next(kNow, probe, 0).retry_at_ms, kNow + 5'600);
  EXPECT_TRUE(queue.next(kNow + 5'600, probe, 0).task);
}

TEST(WarmQueueTest, RefillsNoFurtherThanTheBurst) {
  WarmLimits limits = roomy();
  limits.bytes_per_second = 1'000;
  limits.burst_bytes = 500;
  WarmQueue queue(limits, kNow);
  FakeProbe probe;
  for (const char* key : {"a", "b", "c"})
    queue.push(task(key, 0.5, kNow + 10'000'000, 400), kNow);
  // An hour idle still leaves 500 bytes: one 400-byte start, then 300 ms for the next.
  const int64_t hour = kNow + 3'600'000;
  ASSERT_TRUE(queue.next(hour, probe, 0).task);
  EXPECT_EQ(queue.next(hour, probe, 0).retry_at_ms, hour + 300);
}

TEST(WarmQueueTest, ANeverRefillingBucketGivesNoRetryTime) {
  WarmLimits limits = roomy();
  limits.bytes_per_second = 0;
  limits.burst_bytes = 100;
  WarmQueue queue(limits, kNow);
  FakeProbe probe;
  queue.push(task("a", 0.5, kLater, 100), kNow);
  queue.push(task("b", 0.4, kLater, 100), kNow);
  EXPECT_TRUE(queue.next(kNow, probe, 0).task);
  auto stuck = queue.next(kNow + 1'000, probe, 0);
  EXPECT_FALSE(stuck.task);
  EXPECT_EQ(stuck.retry_at_ms, -1);
}

TEST(WarmQueueTest, DropsExpiredTasks) {
  WarmQueue queue(roomy(), kNow);
  FakeProbe probe;
  EXPECT_EQ(queue.push(task("past", 0.5, kNow), kNow), PushResult::kExpired);
  EXPECT_EQ(queue.push(task("older", 0.5, kNow - 1), kNow), PushResult::kExpired);
  queue.push(task("soon", 0.9, kNow + 10), kNow);
  queue.push(task("later", 0.1, kNow + 1'000), kNow);
  auto next = queue.next(kNow + 10, probe, 0);
  ASSERT_EQ(next.dropped.size(), 1u);
  EXPECT_EQ(next.dropped[0].task.key, "soon");
  EXPECT_EQ(next.dropped[0].why, Dropped::Why::kExpired);
  ASSERT_TRUE(next.task);
  EXPECT_EQ(started(next).key, "later");
}

TEST(WarmQueueTest, ExpiredTasksAreReportedEvenWhileNothingMayStart) {
  WarmQueue queue(roomy(), kNow);
  FakeProbe probe;
  queue.push(task("a", 0.5, kNow + 10), kNow);
  auto next = queue.next(kNow + 20, probe, 1'000);
  EXPECT_FALSE(next.task);
  ASSERT_EQ(next.dropped.size(), 1u);
  EXPECT_EQ(next.dropped[0].why, Dropped::Why::kExpired);
  EXPECT_EQ(queue.queued(), 0u);
}

TEST(WarmQueueTest, AFullQueueEvictsItsLowestForABetterTask) {
  WarmLimits limits = roomy();
  limits.max_queued = 2;
  WarmQueue queue(limits, kNow);
  FakeProbe probe;
  queue.push(task("mid", 0.5), kNow);
  queue.push(task("low", 0.2), kNow);
  EXPECT_EQ(queue.push(task("lower", 0.1), kNow), PushResult::kFull);
  EXPECT_EQ(queue.push(task("equal-later", 0.2, kLater + 1), kNow), PushResult::kFull);
  EXPECT_EQ(queue.push(task("high", 0.9), kNow), PushResult::kQueued);
  EXPECT_EQ(queue.queued(), 2u);
  auto next = queue.next(kNow, probe, 0);
  ASSERT_EQ(next.dropped.size(), 1u);
  EXPECT_EQ(next.dropped[0].task.key, "low");
  EXPECT_EQ(next.dropped[0].why, Dropped::Why::kEvicted);
  ASSERT_TRUE(next.task);
  EXPECT_EQ(started(next).key, "high");
  EXPECT_TRUE(queue.next(kNow, probe, 0).dropped.empty());  // reported once
}

TEST(WarmQueueTest, AFullQueueMakesRoomFromExpiredTasksFirst) {
  WarmLimits limits = roomy();
  limits.max_queued = 2;
  WarmQueue queue(limits, kNow);
  FakeProbe probe;
  queue.push(task("stale", 0.9, kNow + 5), kNow);
  queue.push(task("keep", 0.5), kNow);
  EXPECT_EQ(queue.push(task("new", 0.1), kNow + 5), PushResult::kQueued);
  auto next = queue.next(kNow + 5, probe, 0);
  ASSERT_EQ(next.dropped.size(), 1u);
  EXPECT_EQ(next.dropped[0].task.key, "stale");
  EXPECT_EQ(next.dropped[0].why, Dropped::Why::kExpired);
  EXPECT_EQ(queue.queued() + queue.in_flight(), 2u);
}

TEST(WarmQueueTest, CancelDropsAHintsQueuedTasksOnly) {
  WarmQueue queue(roomy(), kNow);
  FakeProbe probe;
  queue.push(task("a", 0.9, kLater, 0, "h1"), kNow);
  queue.push(task("b", 0.5, kLater, 0, "h1"), kNow);
  queue.push(task("c", 0.5, kLater, 0, "h2"), kNow);
  queue.push(task("d", 0.1, kLater, 0, "h1"), kNow);
  auto running = queue.next(kNow, probe, 0);
  ASSERT_EQ(started(running).key, "a");
  EXPECT_EQ(queue.cancel("h1"), 2u);
  EXPECT_EQ(queue.cancel("h1"), 0u);
  EXPECT_EQ(queue.cancel("nope"), 0u);
  EXPECT_EQ(queue.in_flight(), 1u);
  auto next = queue.next(kNow, probe, 0);
  ASSERT_EQ(next.dropped.size(), 2u);
  for (const Dropped& d : next.dropped) {
    EXPECT_EQ(d.why, Dropped::Why::kCancelled);
    EXPECT_EQ(d.task.hint, "h1");
  }
  ASSERT_TRUE(next.task);
  EXPECT_EQ(started(next).key, "c");
}

TEST(WarmQueueTest, SkipsWhatTheCacheHasOrIsFilling) {
  WarmQueue queue(roomy(), kNow);
  FakeProbe probe;
  probe.states = {{"stored", CacheState::kStored}, {"filling", CacheState::kFilling}};
  queue.push(task("stored", 0.9), kNow);
  queue.push(task("filling", 0.8), kNow);
  queue.push(task("absent", 0.1), kNow);
  auto next = queue.next(kNow, probe, 0);
  ASSERT_EQ(next.dropped.size(), 2u);
  EXPECT_EQ(next.dropped[0].task.key, "stored");
  EXPECT_EQ(next.dropped[0].why, Dropped::Why::kStored);
  EXPECT_EQ(next.dropped[1].task.key, "filling");
  EXPECT_EQ(next.dropped[1].why, Dropped::Why::kFilling);
  ASSERT_TRUE(next.task);
  EXPECT_EQ(started(next).key, "absent");
  EXPECT_EQ(queue.queued(), 0u);
}

}  // namespace
}  // namespace prefetch
