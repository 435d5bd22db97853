#include "bench/swipebench/replay/stats.h"

#include <gtest/gtest.h>

#include "bench/swipebench/replay/catalog.h"
#include "bench/swipebench/replay/edge_metrics.h"

namespace swipebench::replay {
namespace {

TEST(StatsTest, PercentilesByNearestRank) {
  std::vector<double> v;
  for (int i = 1; i <= 100; ++i)
    v.push_back(i);
  EXPECT_EQ(percentile(v, 0.5), 50);
  EXPECT_EQ(percentile(v, 0.95), 95);
  EXPECT_EQ(percentile(v, 0.99), 99);
  EXPECT_EQ(percentile({7}, 0.99), 7);
  EXPECT_FALSE(percentile({}, 0.5));
}

TEST(StatsTest, QoeIsTheChallengeFormula) {
  Qoe q{10, 2, 1.5, 8};
  EXPECT_DOUBLE_EQ(q.score(), 10 - 1.85 * 2 - 1.5 - 0.5 * 8);
}

TEST(StatsTest, SummarizeSumsViewers) {
  ViewerStats a;
  SwipeSample& first = a.swipes.emplace_back();
  first.video = "v";
  first.start_latency_ms = 100;
  first.rebuffer_ms = 500;
  a.first_segment_hits = {{1'000, true}, {12'000, false}};
  a.bytes_by_x_cache = {{"HIT", 10}, {"MISS", 30}};
  a.bytes_total = 40;
  ViewerStats b;
  b.swipes.emplace_back().video = "w";
  b.errors[static_cast<size_t>(ErrorKind::kConnect)] = 2;
  RunResults r;
  summarize({a, b}, 2.0, r);
  EXPECT_EQ(r.swipes, 2);
  EXPECT_EQ(r.started, 1);
  EXPECT_EQ(r.start_p50, 100);
  EXPECT_EQ(r.first_segment_hits, 1u);
  ASSERT_EQ(r.hit_buckets.size(), 2u);
  EXPECT_EQ(r.hit_buckets[1].start_ms, 10'000);
  EXPECT_EQ(r.bytes_by_x_cache["MISS"], 30u);
  EXPECT_EQ(error_total(r), 2u);
  EXPECT_DOUBLE_EQ(r.qoe.rebuffer_s, 1.0);  // 500 ms of wall time at speed 2
}

TEST(StatsTest, ExpositionSumsFamilies) {
  auto sums = parse_exposition(
      "# HELP edge_cache_served_bytes_total x\n# TYPE edge_cache_served_bytes_total counter\n"
      "edge_cache_served_bytes_total{tier=\"memory\"} 100\n"
      "edge_cache_served_bytes_total{tier=\"fill\"} 50\nedge_prewarm_wasted_bytes_total 7\n"
      "garbage\n");
  EXPECT_EQ(sums["edge_cache_served_bytes_total"], 150);
  EXPECT_EQ(sums["edge_cache_served_bytes_total{tier=\"fill\"}"], 50);
  EXPECT_EQ(sums["edge_prewarm_wasted_bytes_total"], 7);
}

TEST(StatsTest, RanksWrapAroundTheCatalog) {
  auto ids = parse_region_feed(R"([{"video":"a","p":0.9},{"video":"b","p":0.1}])");
  ASSERT_TRUE(ids);
  EXPECT_EQ(resolve_rank(*ids, 1), "a");
  EXPECT_EQ(resolve_rank(*ids, 2), "b");
  EXPECT_EQ(resolve_rank(*ids, 3), "a");
  EXPECT_EQ(resolve_rank({}, 1), "");
  EXPECT_FALSE(parse_region_feed("{}"));
}

}  // namespace
}  // namespace swipebench::replay
