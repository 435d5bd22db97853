// SegmentSurvival and the planner: prefixes per video, both budgets, held segments, min_value,
// max_segments, the start rendition, determinism, to_hint and mark_held.
#include "prefetch/planner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace prefetch {
namespace {

constexpr PopBudget kUnlimited{.bytes = 1'000'000'000, .objects = 1'000'000};

// 360p segments weigh 2000 bytes (8 kb/s over the default 2 s), a new video's first one 2100
// bytes and 4 objects. With the default survival, need() is 1, 1, 1, then 0.55.
PlannerConfig config() {
  PlannerConfig c;
  c.start_renditions = {"360p"};
  c.bits_per_second = {{"360p", 8'000}, {"720p", 16'000}};
  c.default_bits_per_second = 4'000;
  c.overhead_bytes = 100;
  c.max_segments = 4;
  c.min_value = 0.02;
  c.later_segment_weight = 1.0;  // the mechanics below; the weighting has tests of its own
  return c;
}

TEST(SegmentSurvivalTest, FollowsTheDocumentedFormula) {
  SegmentSurvival s;  // early_skip 0.35, mean 12 s, segments 2 s, lead 4 s
  EXPECT_EQ(s.need(0), 1.0);
  EXPECT_EQ(s.need(-3), 1.0);
  EXPECT_DOUBLE_EQ(s.need(1), 1.0);  // asked for at the start (t = max(0, 2 - 4))
  EXPECT_DOUBLE_EQ(s.need(2), 1.0);  // t = 0
  EXPECT_DOUBLE_EQ(s.need(3), 0.65 * std::exp(-2.0 / 12));
  EXPECT_DOUBLE_EQ(s.need(10), 0.65 * std::exp(-16.0 / 12));
}

TEST(SegmentSurvivalTest, EarlySkippersNeedWhatIsAskedForInTheirFirstSecond) {
  SegmentSurvival s{.early_skip = 0.4, .mean_watch_s = 10, .segment_s = 0.5, .lead_s = 0};
  EXPECT_DOUBLE_EQ(s.need(1), 0.4 + 0.6 * std::exp(-0.05));  // t = 0.5 s
  EXPECT_DOUBLE_EQ(s.need(2), 0.6 * std::exp(-0.1));         // t = 1 s: they have left
  SegmentSurvival all_skip{.early_skip = 1, .mean_watch_s = 10, .segment_s = 2, .lead_s = 1.5};
  EXPECT_DOUBLE_EQ(all_skip.need(1), 1.0);  // t = 0.5 s
  EXPECT_DOUBLE_EQ(all_skip.need(2), 0.0);  // t = 2.5 s
  all_skip.lead_s = 1;
  EXPECT_DOUBLE_EQ(all_skip.need(1), 0.0);  // t = 1 s: the moment they leave
  SegmentSurvival instant{.early_skip = 0, .mean_watch_s = 0, .segment_s = 2, .lead_s = 2};
  EXPECT_EQ(instant.need(1), 1.0);
  EXPECT_EQ(instant.need(2), 0.0);
}

TEST(SegmentSurvivalTest, NeverIncreasesWithK) {
  for (double skip : {0.0, 0.35, 1.0}) {
    for (double mean : {0.0, 1.0, 12.0, 300.0}) {
      for (double segment : {0.5, 2.0, 6.0}) {
        for (double lead : {0.0, 1.0, 4.0, 30.0}) {
          SegmentSurvival s{
              .early_skip = skip, .mean_watch_s = mean, .segment_s = segment, .lead_s = lead};
          for (int k = 0; k < 60; ++k) {
            ASSERT_LE(s.need(k + 1), s.need(k))
                << skip << " " << mean << " " << segment << " " << lead << " k=" << k;
            ASSERT_GE(s.need(k + 1), 0.0);
          }
        }
      }
    }
  }
}

TEST(PlannerTest, WarmsEachVideosFirstSegmentsWithItsOverhead) {
  std::vector<RegionFeedItem> feed = {{"a", 0.9, {"360p", "720p"}}, {"b", 0.5, {"360p"}}};
  PlannerConfig c = config();
  Plan plan = make_plan(feed, kUnlimited, {}, c);
  ASSERT_EQ(plan.items.size(), 2u);
  const PlanItem& a = plan.items[0];
  EXPECT_EQ(a.video, "a");
  EXPECT_EQ(a.rendition, "360p");
  EXPECT_EQ(a.segments, 4);
  EXPECT_EQ(a.new_segments, 4);
  EXPECT_EQ(a.priority, 0.9);
  EXPECT_EQ(a.bytes, 4 * 2000u + 100u);
  EXPECT_EQ(a.objects, 4u + 3u);
  double need_sum =
      c.survival.need(0) + c.survival.need(1) + c.survival.need(2) + c.survival.need(3);
  EXPECT_DOUBLE_EQ(a.expected_bytes_saved, 0.9 * 2000 * need_sum);
  EXPECT_EQ(plan.items[1].video, "b");
  EXPECT_EQ(plan.bytes, 2 * 8100u);
  EXPECT_EQ(plan.objects, 14u);
  EXPECT_DOUBLE_EQ(plan.expected_bytes_saved, 1.4 * 2000 * need_sum);
  EXPECT_EQ(plan.held_units, 0u);
  EXPECT_EQ(plan.over_budget, 0u);
}

TEST(PlannerTest, TakesTheBestValuePerByteWithinTheByteBudget) {
  // Order of value: a0-a2 (0.9), b0-b2 (0.5), a3 (0.50), b3 (0.28).
  std::vector<RegionFeedItem> feed = {{"a", 0.9, {"360p"}}, {"b", 0.5, {"360p"}}};
  Plan plan = make_plan(feed, {.bytes = 12'200, .objects = 100}, {}, config());
  ASSERT_EQ(plan.items.size(), 2u);
  EXPECT_EQ(plan.items[0].segments, 3);
  EXPECT_EQ(plan.items[1].segments, 3);
  EXPECT_EQ(plan.bytes, 12'200u);
  EXPECT_EQ(plan.over_budget, 2u);
  Plan tighter = make_plan(feed, {.bytes = 12'199, .objects = 100}, {}, config());
  EXPECT_EQ(tighter.items[1].segments, 2);
  EXPECT_EQ(tighter.bytes, 10'200u);
  EXPECT_EQ(tighter.over_budget, 3u);
}

TEST(PlannerTest, KeepsEachVideoAPrefixWhenASegmentDoesNotFit) {
  // a0 (2100 bytes) does not fit; a1 (2000) would, but without a0 it is useless.
  std::vector<RegionFeedItem> feed = {{"a", 0.9, {"360p"}}};
  Plan plan = make_plan(feed, {.bytes = 2'050, .objects = 100}, {}, config());
  EXPECT_TRUE(plan.items.empty());
  EXPECT_EQ(plan.bytes, 0u);
  EXPECT_EQ(plan.over_budget, 4u);
  // b0 takes 2100 of 3100; b1 does not fit, so nothing more of b even though budget remains.
  std::vector<RegionFeedItem> two = {{"b", 0.9, {"360p"}}, {"c", 0.1, {"360p"}}};
  Plan cut = make_plan(two, {.bytes = 3'100, .objects = 100}, {}, config());
  ASSERT_EQ(cut.items.size(), 1u);
  EXPECT_EQ(cut.items[0].video, "b");
  EXPECT_EQ(cut.items[0].segments, 1);
  EXPECT_EQ(cut.over_budget, 7u);
}

TEST(PlannerTest, SmallerUnitsFillWhatALargerOneLeft) {
  // a0 needs 2100 bytes and does not fit; h already holds segment 0, so h1 costs 2000.
  std::vector<RegionFeedItem> feed = {{"a", 0.9, {"360p"}}, {"h", 0.5, {"360p"}}};
  Plan plan = make_plan(feed, {.bytes = 2'050, .objects = 100}, {{"h/360p", 1}}, config());
  ASSERT_EQ(plan.items.size(), 1u);
  EXPECT_EQ(plan.items[0].video, "h");
  EXPECT_EQ(plan.items[0].segments, 2);
  EXPECT_EQ(plan.items[0].new_segments, 1);
  EXPECT_EQ(plan.items[0].bytes, 2000u);
  EXPECT_EQ(plan.items[0].objects, 1u);
  EXPECT_EQ(plan.held_units, 1u);
}

TEST(PlannerTest, RespectsTheObjectBudget) {
  std::vector<RegionFeedItem> feed = {{"a", 0.9, {"360p"}}, {"b", 0.5, {"360p"}}};
  Plan plan = make_plan(feed, {.bytes = 1'000'000, .objects = 5}, {}, config());
  ASSERT_EQ(plan.items.size(), 1u);
  EXPECT_EQ(plan.items[0].segments, 2);
  EXPECT_EQ(plan.objects, 5u);
  EXPECT_EQ(plan.over_budget, 6u);
  Plan none = make_plan(feed, {.bytes = 1'000'000, .objects = 3}, {}, config());
  EXPECT_TRUE(none.items.empty());
  EXPECT_EQ(none.over_budget, 8u);
  Plan nothing = make_plan(feed, {}, {}, config());
  EXPECT_TRUE(nothing.items.empty());
  EXPECT_EQ(nothing.objects, 0u);
}

TEST(PlannerTest, SkipsHeldSegmentsAndCountsThem) {
  std::vector<RegionFeedItem> feed = {{"a", 0.9, {"360p"}}, {"b", 0.5, {"360p"}}};
  Held held = {{"a/360p", 2}, {"b/360p", 9}, {"b/720p", 4}};
  Plan plan = make_plan(feed, kUnlimited, held, config());
  ASSERT_EQ(plan.items.size(), 2u);
  const PlanItem& a = plan.items[0];
  EXPECT_EQ(a.segments, 4);
  EXPECT_EQ(a.new_segments, 2);
  EXPECT_EQ(a.bytes, 4000u);  // nothing of the video is new: no playlists, no init
  EXPECT_EQ(a.objects, 2u);
  const PlanItem& b = plan.items[1];
  EXPECT_EQ(b.segments, 4);
  EXPECT_EQ(b.new_segments, 0);
  EXPECT_EQ(b.bytes, 0u);
  EXPECT_EQ(b.expected_bytes_saved, 0.0);
  EXPECT_EQ(plan.held_units, 6u);
  EXPECT_EQ(plan.bytes, 4000u);
}

TEST(PlannerTest, AnotherRenditionHeldStillCarriesTheOverhead) {
  std::vector<RegionFeedItem> feed = {{"a", 0.9, {"360p", "720p"}}};
  Plan plan = make_plan(feed, kUnlimited, {{"a/720p", 4}}, config());
  ASSERT_EQ(plan.items.size(), 1u);
  EXPECT_EQ(plan.items[0].bytes, 8100u);
  EXPECT_EQ(plan.held_units, 0u);
}

TEST(PlannerTest, LeavesOutSegmentsBelowMinValue) {
  // 0.03 * need(3) = 0.0165 < 0.02: three segments; 0.019 is below it from the first.
  std::vector<RegionFeedItem> feed = {{"a", 0.03, {"360p"}}, {"b", 0.019, {"360p"}}};
  Plan plan = make_plan(feed, kUnlimited, {}, config());
  ASSERT_EQ(plan.items.size(), 1u);
  EXPECT_EQ(plan.items[0].video, "a");
  EXPECT_EQ(plan.items[0].segments, 3);
  EXPECT_EQ(plan.over_budget, 0u);
  PlannerConfig c = config();
  c.min_value = 0.0;
  EXPECT_EQ(make_plan(feed, kUnlimited, {}, c).items.size(), 2u);
}

TEST(PlannerTest, EveryProbableStartComesBeforeLaterSegments) {
  // a0 0.9, b0 0.5, then a1 and a2 at 0.9 * 0.25 = 0.225: two units of budget go to two starts.
  std::vector<RegionFeedItem> feed = {{"a", 0.9, {"360p"}}, {"b", 0.5, {"360p"}}};
  PlannerConfig weighted = config();
  weighted.later_segment_weight = 0.25;
  Plan plan = make_plan(feed, {.bytes = 4'200, .objects = 100}, {}, weighted);
  ASSERT_EQ(plan.items.size(), 2u);
  EXPECT_EQ(plan.items[0].segments, 1);
  EXPECT_EQ(plan.items[1].segments, 1);
  // Unweighted, a's later segments (0.9) outrank b's start (0.5).
  Plan unweighted = make_plan(feed, {.bytes = 4'200, .objects = 100}, {}, config());
  ASSERT_EQ(unweighted.items.size(), 1u);
  EXPECT_EQ(unweighted.items[0].segments, 2);
}

TEST(PlannerTest, LaterSegmentsOfAnUnlikelyVideoAreBelowMinValue) {
  // 0.05 is worth a start (0.05 >= 0.02) but not a later segment (0.0125).
  std::vector<RegionFeedItem> feed = {{"a", 0.05, {"360p"}}, {"b", 0.9, {"360p"}}};
  PlannerConfig weighted = config();
  weighted.later_segment_weight = 0.25;
  weighted.startup_segments = 1;
  Plan plan = make_plan(feed, kUnlimited, {}, weighted);
  ASSERT_EQ(plan.items.size(), 2u);
  EXPECT_EQ(plan.items[0].video, "b");
  EXPECT_EQ(plan.items[0].segments, 4);
  EXPECT_EQ(plan.items[1].video, "a");
  EXPECT_EQ(plan.items[1].segments, 1);
  weighted.startup_segments = 2;  // a player that starts on two segments
  EXPECT_EQ(make_plan(feed, kUnlimited, {}, weighted).items[1].segments, 2);
}

TEST(PlannerTest, StopsAtMaxSegments) {
  PlannerConfig c = config();
  c.max_segments = 2;
  std::vector<RegionFeedItem> feed = {{"a", 1.0, {"360p"}}};
  Plan plan = make_plan(feed, kUnlimited, {{"a/360p", 5}}, c);
  EXPECT_EQ(plan.items[0].segments, 2);
  EXPECT_EQ(plan.held_units, 2u);
  c.max_segments = 0;
  EXPECT_TRUE(make_plan(feed, kUnlimited, {}, c).items.empty());
}

TEST(PlannerTest, ChoosesThePreferredStartRendition) {
  PlannerConfig c = config();
  c.start_renditions = {"480p", "360p"};
  std::vector<RegionFeedItem> feed = {{"a", 0.9, {"720p", "360p", "480p"}},
                                      {"b", 0.8, {"720p", "360p"}},
                                      {"c", 0.7, {"720p", "1080p"}}};
  Plan plan = make_plan(feed, kUnlimited, {}, c);
  ASSERT_EQ(plan.items.size(), 3u);
  EXPECT_EQ(plan.items[0].rendition, "480p");
  EXPECT_EQ(plan.items[0].bytes, 4 * 1000u + 100u);  // default_bits_per_second: 1000 B
  EXPECT_EQ(plan.items[1].rendition, "360p");
  EXPECT_EQ(plan.items[2].rendition, "720p");
  EXPECT_EQ(plan.items[2].bytes, 4 * 4000u + 100u);
  c.start_renditions.clear();
  EXPECT_EQ(make_plan(feed, kUnlimited, {}, c).items[1].rendition, "720p");
}

TEST(PlannerTest, IsDeterministicWithTiesByVideo) {
  std::vector<RegionFeedItem> feed = {
      {"m", 0.5, {"360p"}}, {"b", 0.5, {"360p"}}, {"z", 0.7, {"360p"}}, {"a", 0.5, {"360p"}}};
  Plan plan = make_plan(feed, kUnlimited, {}, config());
  std::vector<std::string> order;
  order.reserve(plan.items.size());
  for (const PlanItem& item : plan.items)
    order.push_back(item.video);
  EXPECT_EQ(order, (std::vector<std::string>{"z", "a", "b", "m"}));
  std::vector<RegionFeedItem> shuffled = {feed[3], feed[2], feed[0], feed[1]};
  EXPECT_EQ(make_plan(shuffled, kUnlimited, {}, config()), plan);
  EXPECT_EQ(make_plan(feed, kUnlimited, {}, config()), plan);
  // Room for one new video: of equals, the first by id gets it.
  std::vector<RegionFeedItem> tie = {{"y", 0.5, {"360p"}}, {"x", 0.5, {"360p"}}};
  Plan one = make_plan(tie, {.bytes = 2'100, .objects = 100}, {}, config());
  ASSERT_EQ(one.items.size(), 1u);
  EXPECT_EQ(one.items[0].video, "x");
}

TEST(PlannerTest, AVideoListedTwiceCountsOnceAtItsBest) {
  std::vector<RegionFeedItem> feed = {{"a", 0.2, {"720p"}}, {"a", 0.6, {"360p"}}};
  Plan plan = make_plan(feed, kUnlimited, {}, config());
  ASSERT_EQ(plan.items.size(), 1u);
  EXPECT_EQ(plan.items[0].priority, 0.6);
  EXPECT_EQ(plan.items[0].rendition, "360p");
}

TEST(PlannerTest, HintCarriesOnlyItemsWithNewSegments) {
  std::vector<RegionFeedItem> feed = {{"a", 0.9, {"360p"}}, {"b", 0.5, {"360p"}}};
  Plan plan = make_plan(feed, kUnlimited, {{"a/360p", 2}, {"b/360p", 4}}, config());
  Hint hint = to_hint(plan, "h-1", 1763780000);
  EXPECT_EQ(hint.id, "h-1");
  EXPECT_EQ(hint.expires_at, 1763780000);
  ASSERT_EQ(hint.items.size(), 1u);
  EXPECT_EQ(hint.items[0], (HintItem{"a", {"360p"}, 4, 0.9}));
  auto parsed = parse_hint(to_json(hint));
  ASSERT_TRUE(parsed.has_value()) << parsed.error();
  EXPECT_EQ(*parsed, hint);
}

TEST(PlannerTest, MarkHeldRecordsWhatThePlanWarmed) {
  std::vector<RegionFeedItem> feed = {{"a", 0.9, {"360p"}}, {"b", 0.5, {"360p"}}};
  Held held = {{"b/360p", 9}};
  Plan first = make_plan(feed, {.bytes = 6'100, .objects = 100}, held, config());
  mark_held(first, held);
  EXPECT_EQ(held, (Held{{"a/360p", 3}, {"b/360p", 9}}));
  Plan second = make_plan(feed, kUnlimited, held, config());
  EXPECT_EQ(second.items[0].new_segments, 1);
  EXPECT_EQ(second.items[0].bytes, 2000u);
  mark_held(second, held);
  Plan third = make_plan(feed, kUnlimited, held, config());
  EXPECT_EQ(third.bytes, 0u);
  EXPECT_EQ(third.held_units, 8u);
  EXPECT_TRUE(to_hint(third, "h", 1).items.empty());
}

}  // namespace
}  // namespace prefetch
