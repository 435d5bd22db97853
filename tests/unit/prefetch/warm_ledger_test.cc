// WarmLedger: counts per hint and overall, hits counted once, wasted bytes, the bounded
// history and tracking, and exact totals under concurrent reporters.
#include "prefetch/warm_ledger.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace prefetch {
namespace {

TEST(WarmLedgerTest, CountsEachOutcomePerHintAndOverall) {
  WarmLedger ledger;
  ledger.hint_accepted("h1", 3, 100);
  ledger.hint_accepted("h2", 1, 200);
  ledger.queued("h1", 5);
  ledger.queued("h2", 2);
  ledger.outcome("h1", "/v/a/seg_0", WarmOutcome::kFetched, 1'000);
  ledger.outcome("h1", "/v/a/seg_1", WarmOutcome::kFetched, 500);
  ledger.outcome("h1", "/v/a/seg_2", WarmOutcome::kAlreadyCached, 7);
  ledger.outcome("h1", "/v/a/seg_3", WarmOutcome::kFailed, 7);
  ledger.outcome("h1", "/v/a/seg_4", WarmOutcome::kDropped, 7);
  ledger.outcome("h2", "/v/b/seg_0", WarmOutcome::kFetched, 300);
  ledger.outcome("h2", "/v/b/seg_1", WarmOutcome::kDropped, 0);
  EXPECT_EQ(ledger.tracked(), 3u);

  auto hints = ledger.hints();
  ASSERT_EQ(hints.size(), 2u);
  EXPECT_EQ(hints[0].hint, "h2");
  EXPECT_EQ(hints[0].expires_at, 200);
  EXPECT_EQ(
      hints[0].counts,
      (WarmCounts{
          .hints = 1, .items = 1, .queued = 2, .fetched = 1, .dropped = 1, .bytes_fetched = 300}));
  EXPECT_EQ(hints[1].hint, "h1");
  EXPECT_EQ(hints[1].counts, (WarmCounts{.hints = 1,
                                         .items = 3,
                                         .queued = 5,
                                         .fetched = 2,
                                         .already_cached = 1,
                                         .failed = 1,
                                         .dropped = 1,
                                         .bytes_fetched = 1'500}));
  EXPECT_EQ(ledger.total(), (WarmCounts{.hints = 2,
                                        .items = 4,
                                        .queued = 7,
                                        .fetched = 3,
                                        .already_cached = 1,
                                        .failed = 1,
                                        .dropped = 2,
                                        .bytes_fetched = 1'800}));
}

TEST(WarmLedgerTest, AHitCountsOnceForTheHintThatFetched) {
  WarmLedger ledger;
  ledger.hint_accepted("h1", 1, 100);
  ledger.hint_accepted("h2", 1, 100);
  ledger.outcome("h1", "/k", WarmOutcome::kFetched, 1'000);
  EXPECT_TRUE(ledger.viewer_hit("/k"));
  EXPECT_FALSE(ledger.viewer_hit("/k"));
  EXPECT_FALSE(ledger.viewer_hit("/never-warmed"));
  EXPECT_FALSE(ledger.evicted("/k"));  // it was useful: not wasted
  EXPECT_EQ(ledger.tracked(), 0u);
  auto hints = ledger.hints();
  EXPECT_EQ(hints[1].hint, "h1");
  EXPECT_EQ(hints[1].counts.later_hit, 1u);
  EXPECT_EQ(hints[0].counts.later_hit, 0u);
  EXPECT_EQ(hints[1].counts.later_hit_bytes, 1'000u);
  WarmCounts total = ledger.total();
  EXPECT_EQ(total.later_hit, 1u);
  EXPECT_EQ(total.later_hit_bytes, 1'000u);
  EXPECT_EQ(total.evicted_unhit, 0u);
  EXPECT_EQ(total.wasted_bytes, 0u);
}

TEST(WarmLedgerTest, EvictedUnhitObjectsAreWasted) {
  WarmLedger ledger;
  ledger.hint_accepted("h1", 1, 100);
  ledger.outcome("h1", "/a", WarmOutcome::kFetched, 1'000);
  ledger.outcome("h1", "/b", WarmOutcome::kFetched, 250);
  ledger.outcome("h1", "/c", WarmOutcome::kAlreadyCached, 999);
  EXPECT_TRUE(ledger.evicted("/a"));
  EXPECT_FALSE(ledger.evicted("/a"));
  EXPECT_FALSE(ledger.viewer_hit("/a"));  // gone from the cache: a later request is a miss
  EXPECT_FALSE(ledger.evicted("/c"));     // not fetched by a warm
  EXPECT_TRUE(ledger.evicted("/b"));
  WarmCounts counts = ledger.hints()[0].counts;
  EXPECT_EQ(counts.evicted_unhit, 2u);
  EXPECT_EQ(counts.wasted_bytes, 1'250u);
  EXPECT_EQ(counts.later_hit, 0u);
  EXPECT_EQ(ledger.total().wasted_bytes, 1'250u);
}

TEST(WarmLedgerTest, AFetchedAgainKeyIsTrackedForItsLatestFetch) {
  WarmLedger ledger;
  ledger.hint_accepted("h1", 1, 100);
  ledger.hint_accepted("h2", 1, 100);
  ledger.outcome("h1", "/a", WarmOutcome::kFetched, 100);
  ledger.outcome("h2", "/a", WarmOutcome::kFetched, 300);
  EXPECT_EQ(ledger.tracked(), 1u);
  EXPECT_TRUE(ledger.evicted("/a"));
  auto hints = ledger.hints();
  EXPECT_EQ(hints[0].hint, "h2");
  EXPECT_EQ(hints[0].counts.wasted_bytes, 300u);
  EXPECT_EQ(hints[1].counts.wasted_bytes, 0u);
}

TEST(WarmLedgerTest, KeepsTheLatestHintsAndTotalsEverything) {
  WarmLedger ledger(2, 100);
  for (int i = 0; i < 5; ++i) {
    std::string hint = "h" + std::to_string(i);
    ledger.hint_accepted(hint, 2, 1'000 + i);
    ledger.queued(hint, 4);
    ledger.outcome(hint, "/k" + std::to_string(i), WarmOutcome::kFetched, 10);
  }
  auto hints = ledger.hints();
  ASSERT_EQ(hints.size(), 2u);
  EXPECT_EQ(hints[0].hint, "h4");
  EXPECT_EQ(hints[1].hint, "h3");
  // Outcomes of a hint no longer kept still count overall.
  EXPECT_TRUE(ledger.viewer_hit("/k0"));
  ledger.outcome("h0", "/late", WarmOutcome::kFailed, 0);
  WarmCounts total = ledger.total();
  EXPECT_EQ(total.hints, 5u);
  EXPECT_EQ(total.items, 10u);
  EXPECT_EQ(total.queued, 20u);
  EXPECT_EQ(total.fetched, 5u);
  EXPECT_EQ(total.bytes_fetched, 50u);
  EXPECT_EQ(total.later_hit, 1u);
  EXPECT_EQ(total.failed, 1u);
  EXPECT_EQ(ledger.hints()[1].counts.later_hit, 0u);
}

TEST(WarmLedgerTest, AHintSentAgainIsOneEntryMovedToTheFront) {
  WarmLedger ledger(2, 100);
  ledger.hint_accepted("h1", 2, 100);
  ledger.hint_accepted("h2", 1, 100);
  ledger.hint_accepted("h1", 2, 150);
  auto hints = ledger.hints();
  ASSERT_EQ(hints.size(), 2u);
  EXPECT_EQ(hints[0].hint, "h1");
  EXPECT_EQ(hints[0].expires_at, 150);
  EXPECT_EQ(hints[0].counts.hints, 2u);
  EXPECT_EQ(hints[0].counts.items, 4u);
  EXPECT_EQ(hints[1].hint, "h2");
  WarmLedger none(0, 100);
  none.hint_accepted("h", 1, 1);
  EXPECT_TRUE(none.hints().empty());
  EXPECT_EQ(none.total().hints, 1u);
}

TEST(WarmLedgerTest, ForgetsTheOldestTrackedObjectBeyondTheBound) {
  WarmLedger ledger(10, 2);
  ledger.hint_accepted("h", 3, 100);
  ledger.outcome("h", "/1", WarmOutcome::kFetched, 10);
  ledger.outcome("h", "/2", WarmOutcome::kFetched, 20);
  ledger.outcome("h", "/3", WarmOutcome::kFetched, 30);
  EXPECT_EQ(ledger.tracked(), 2u);
  EXPECT_FALSE(ledger.viewer_hit("/1"));
  EXPECT_FALSE(ledger.evicted("/1"));
  EXPECT_TRUE(ledger.viewer_hit("/2"));
  EXPECT_TRUE(ledger.evicted("/3"));
  WarmCounts total = ledger.total();
  EXPECT_EQ(total.fetched, 3u);
  EXPECT_EQ(total.later_hit, 1u);
  EXPECT_EQ(total.evicted_unhit, 1u);
  EXPECT_EQ(total.wasted_bytes, 30u);
  WarmLedger untracked(10, 0);
  untracked.outcome("h", "/1", WarmOutcome::kFetched, 10);
  EXPECT_EQ(untracked.tracked(), 0u);
  EXPECT_FALSE(untracked.viewer_hit("/1"));
}

TEST(WarmLedgerTest, ConcurrentReportersAddUpExactly) {
  constexpr int kThreads = 4;
  constexpr int kObjects = 2'000;
  WarmLedger ledger(8, static_cast<std::size_t>(kThreads) * kObjects);
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&ledger, t] {
      std::string hint = "h" + std::to_string(t);
      ledger.hint_accepted(hint, kObjects, 100);
      ledger.queued(hint, kObjects);
      for (int i = 0; i < kObjects; ++i) {
        std::string key = "/" + std::to_string(t) + "/" + std::to_string(i);
        ledger.outcome(hint, key, WarmOutcome::kFetched, 10);
        // Every thread also tries the others' keys: each is counted by whoever comes first.
        std::string other = "/" + std::to_string((t + 1) % kThreads) + "/" + std::to_string(i);
        if (i % 2 == 0) {
          ledger.viewer_hit(key);
          ledger.viewer_hit(other);
        } else {
          ledger.evicted(key);
          ledger.evicted(other);
        }
        ledger.outcome(hint, key + "x", WarmOutcome::kFailed, 0);
        (void)ledger.total();
        (void)ledger.hints();
      }
    });
  }
  for (std::thread& thread : threads)
    thread.join();
  WarmCounts total = ledger.total();
  EXPECT_EQ(total.hints, static_cast<uint64_t>(kThreads));
  EXPECT_EQ(total.queued, static_cast<uint64_t>(kThreads * kObjects));
  EXPECT_EQ(total.fetched, static_cast<uint64_t>(kThreads * kObjects));
  EXPECT_EQ(total.failed, static_cast<uint64_t>(kThreads * kObjects));
  EXPECT_EQ(total.bytes_fetched, static_cast<uint64_t>(kThreads * kObjects * 10));
  EXPECT_EQ(total.later_hit, static_cast<uint64_t>(kThreads * kObjects / 2));
  EXPECT_EQ(total.evicted_unhit, static_cast<uint64_t>(kThreads * kObjects / 2));
  EXPECT_EQ(total.wasted_bytes, static_cast<uint64_t>(kThreads * kObjects / 2 * 10));
  EXPECT_EQ(ledger.tracked(), 0u);
  for (const auto& report : ledger.hints()) {
    EXPECT_EQ(report.counts.fetched, static_cast<uint64_t>(kObjects)) << report.hint;
    EXPECT_EQ(report.counts.later_hit + report.counts.evicted_unhit,
              static_cast<uint64_t>(kObjects))
        << report.hint;
  }
}

}  // namespace
}  // namespace prefetch
