// The generator: a seed gives the same trace, and the trace's statistics match gen_model.h's
// documented model within tolerances sized for the sample (several standard errors).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "bench/swipebench/gen/audience.h"
#include "bench/swipebench/gen/catalog.h"
#include "bench/swipebench/gen/generator.h"
#include "bench/swipebench/gen/sessions.h"
#include "bench/swipebench/gen/watch.h"
#include "bench/swipebench/gen/weighted_pick.h"

namespace swipebench::gen {
namespace {

constexpr size_t kMaxRows = 10'000'000;

GenModel small_model(uint64_t seed = 7) {
  GenModel model;
  model.seed = seed;
  model.viewers = 2000;
  model.videos = 500;
  model.minutes = 30;
  return model;
}

// The 1-based rank of a generated row's video (0 for an id).
int64_t rank_of(const SwipeRow& row) {
  return video_rank(row.video).value_or(0);
}

Trace generated(const GenModel& model) {
  auto trace = generate(model, kMaxRows);
  EXPECT_TRUE(trace) << trace.error();
  return trace ? *trace : Trace{};
}

TEST(Gen, SameSeedSameTraceOtherSeedOtherTrace) {
  const Trace a = generated(small_model(7));
  const Trace b = generated(small_model(7));
  const Trace c = generated(small_model(8));
  ASSERT_GT(a.rows.size(), 10'000U);
  EXPECT_EQ(a.rows, b.rows);
  EXPECT_NE(a.rows, c.rows);
}

TEST(Gen, RowsAreValidSortedAndInsideTheWindow) {
  const GenModel model = small_model();
  const Trace trace = generated(model);
  // The writer and the strict reader agree on every generated row.
  auto back = parse_trace(format_trace(trace, TraceFormat::kJsonLines), "gen");
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(back->rows, trace.rows);
  EXPECT_TRUE(std::ranges::is_sorted(trace.rows, {}, &SwipeRow::ts_ms));
  for (const SwipeRow& row : trace.rows) {
    ASSERT_LT(row.ts_ms, 30 * 60'000);
    ASSERT_GE(rank_of(row), 1);
    ASSERT_LE(rank_of(row), 500);
  }
}

TEST(Gen, ViewersSwipeWithoutOverlap) {
  const Trace trace = generated(small_model());
  std::map<std::string, int64_t> free_at;
  for (const SwipeRow& row : trace.rows) {
    auto [it, inserted] = free_at.try_emplace(row.user, 0);
    ASSERT_GE(row.ts_ms, it->second) << row.user;
    it->second = row.ts_ms + row.watch_ms;
  }
  EXPECT_EQ(free_at.size(), 2000U);
}

TEST(Gen, ZipfHeadShareMatchesTheExponent) {
  // Without interests, bursts and the no-repeat rule (one-swipe sessions), draws follow the
  // Zipf weights: the top 10 % of 500 videos take sum(r^-0.9, r <= 50) / sum(r^-0.9) of them.
  GenModel model = small_model();
  model.interest_share = 0;
  model.bursts_per_hour = 0;
  model.max_session_swipes = 1;
  model.viewers = 20'000;
  const Trace trace = generated(model);
  const std::vector<double> weights = zipf_weights(500, 0.9);
  double head = 0;
  double total = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    total += weights[i];
    if (i < 50) head += weights[i];
  }
  const double expected = head / total;
  size_t in_head = 0;
  for (const SwipeRow& row : trace.rows)
    in_head += rank_of(row) <= 50 ? 1 : 0;
  const double share = static_cast<double>(in_head) / static_cast<double>(trace.rows.size());
  EXPECT_NEAR(share, expected, 0.02) << "expected " << expected;
}

TEST(Gen, FullModelKeepsAHeavyHead) {
  const Trace trace = generated(small_model());
  std::map<std::string, size_t> views;
  for (const SwipeRow& row : trace.rows)
    ++views[row.video];
  std::vector<size_t> counts;
  counts.reserve(views.size());
  for (const auto& [video, count] : views)
    counts.push_back(count);
  std::ranges::sort(counts, std::greater<>());
  size_t head = 0;
  for (size_t i = 0; i < 50 && i < counts.size(); ++i)
    head += counts[i];
  const double share = static_cast<double>(head) / static_cast<double>(trace.rows.size());
  EXPECT_GT(share, 0.30);
  EXPECT_LT(share, 0.70);
}

TEST(Gen, EarlySkipsAndActionsMatchTheModel) {
  const Trace trace = generated(small_model());
  std::map<std::string, size_t> actions;
  size_t early = 0;
  for (const SwipeRow& row : trace.rows) {
    ++actions[row.action];
    early += row.watch_ms < 2000 ? 1 : 0;
  }
  const auto n = static_cast<double>(trace.rows.size());
  // A partial watch starts at 2 s, so every watch under 2 s is an early skip.
  EXPECT_NEAR(static_cast<double>(early) / n, 0.35, 0.015);
  EXPECT_NEAR(static_cast<double>(actions["skip"]) / n, 0.35 * 0.998, 0.015);
  EXPECT_NEAR(static_cast<double>(actions["report"]) / n, 0.002, 0.0015);
  // Likes: 8 % of partial watches, 16 % of completions and replays.
  const double likes = 0.998 * (0.35 * 0.08 + 0.30 * 0.16);
  EXPECT_NEAR(static_cast<double>(actions["like"]) / n, likes, 0.01);
  EXPECT_GT(actions["share"], 0U);
  EXPECT_GT(actions["comment"], 0U);
  EXPECT_GT(actions["follow"], 0U);
}

TEST(Gen, WatchClassesFollowTheClipDuration) {
  const WatchModel model;
  Rng rng(3);
  std::map<WatchClass, size_t> classes;
  for (int i = 0; i < 100'000; ++i) {
    const Watch watch = draw_watch(model, 20'000, rng);
    ++classes[watch.kind];
    switch (watch.kind) {
      case WatchClass::kEarlySkip:
        ASSERT_LT(watch.watch_ms, 2000);
        break;
      case WatchClass::kPartial:
        ASSERT_GE(watch.watch_ms, 2000);
        ASSERT_LT(watch.watch_ms, 20'000);
        break;
      case WatchClass::kComplete:
        ASSERT_GE(watch.watch_ms, 20'000);
        ASSERT_LT(watch.watch_ms, 21'500);
        break;
      case WatchClass::kReplay:
        ASSERT_GE(watch.watch_ms, 24'000);
        ASSERT_LT(watch.watch_ms, 60'000);
        break;
    }
  }
  EXPECT_NEAR(classes[WatchClass::kComplete] / 1e5, 0.22, 0.01);
  EXPECT_NEAR(classes[WatchClass::kReplay] / 1e5, 0.08, 0.01);
}

TEST(Gen, RegionsSharesAndAddresses) {
  GenModel model = small_model();
  auto regions = parse_regions("eu:0.5,us:0.3,ap:0.2");
  ASSERT_TRUE(regions);
  ASSERT_TRUE(apply_ip_ranges(*regions, "ap:192.0.2.0/25"));
  model.regions = *regions;
  const Trace trace = generated(model);
  std::map<std::string, std::string> region_of;
  for (const SwipeRow& row : trace.rows) {
    region_of[row.user] = row.region;
    const std::string prefix = row.region == "eu"   ? "10.77.11."
                               : row.region == "us" ? "10.77.12."
                                                    : "192.0.2.";
    ASSERT_TRUE(row.ip.starts_with(prefix)) << row.region << " " << row.ip;
    const int host = std::stoi(row.ip.substr(prefix.size()));
    ASSERT_GE(host, 1);
    ASSERT_LE(host, row.region == "ap" ? 126 : 254);
  }
  std::map<std::string, double> viewers;
  for (const auto& [user, region] : region_of)
    viewers[region] += 1.0 / static_cast<double>(region_of.size());
  EXPECT_NEAR(viewers["eu"], 0.5, 0.04);
  EXPECT_NEAR(viewers["us"], 0.3, 0.04);
  EXPECT_NEAR(viewers["ap"], 0.2, 0.04);
}

TEST(Gen, RegionFlagsNameTheBadEntry) {
  EXPECT_EQ(parse_regions("eu:0.5,us").error(), "'us': want NAME:SHARE");
  EXPECT_EQ(parse_regions("eu:0,us:1").error(), "'eu:0': the share is not a positive number");
  EXPECT_EQ(parse_regions("e u:1").error(),
            "'e u:1': not a region name (letters, digits, - _ . ~)");
  EXPECT_EQ(parse_regions("eu:1,eu:2").error(), "'eu:2': region named twice");
  auto regions = parse_regions("eu:2,us:2");
  ASSERT_TRUE(regions);
  EXPECT_DOUBLE_EQ((*regions)[0].share, 0.5);
  EXPECT_EQ(apply_ip_ranges(*regions, "xx:10.0.0.0/8").error(),
            "'xx:10.0.0.0/8': no such region in --regions");
  EXPECT_EQ(apply_ip_ranges(*regions, "eu:10.0.0.0/31").error(),
            "'eu:10.0.0.0/31': not an IPv4 range from /8 to /30");
}

TEST(Gen, SessionLengthsAreLognormal) {
  const SessionModel model;
  Rng rng(11);
  std::vector<int64_t> lengths;
  double sum = 0;
  for (int i = 0; i < 50'000; ++i) {
    lengths.push_back(draw_session_swipes(model, rng));
    sum += static_cast<double>(lengths.back());
  }
  std::ranges::sort(lengths);
  EXPECT_NEAR(static_cast<double>(lengths[lengths.size() / 2]), 12, 1);
  // Mean of lognormal(median 12, sigma 0.8): 12 * exp(0.32) = 16.5.
  EXPECT_NEAR(sum / 50'000, 16.5, 0.6);
  EXPECT_GE(lengths.front(), 1);
  EXPECT_LE(lengths.back(), 300);
}

TEST(Gen, ViralBurstsTakeTheirPeakShare) {
  GenModel model = small_model();
  model.minutes = 600;
  const Catalog catalog(model);
  ASSERT_GT(catalog.bursts().size(), 20U);  // about 6 an hour
  // Alone in the middle of its hold, a burst takes 5 % of the popular draws on top of its base.
  const Burst* alone = nullptr;
  for (const Burst& burst : catalog.bursts()) {
    const int64_t middle = (burst.start_ms + burst.hold_end_ms) / 2;
    size_t live = 0;
    for (const Burst& other : catalog.bursts())
      live += catalog.burst_weight(other, middle) > 0 ? 1 : 0;
    if (live == 1 && burst.video > 100) {
      alone = &burst;
      break;
    }
  }
  ASSERT_NE(alone, nullptr);
  const int64_t middle = (alone->start_ms + alone->hold_end_ms) / 2;
  Rng rng(5);
  size_t hits = 0;
  for (int i = 0; i < 40'000; ++i)
    hits += catalog.draw_popular(middle, rng) == alone->video ? 1 : 0;
  EXPECT_NEAR(hits / 40'000.0, 0.05, 0.006);
  // Five half-lives after the hold, it is over.
  EXPECT_EQ(catalog.burst_weight(*alone, alone->end_ms), 0);
  EXPECT_NEAR(catalog.burst_weight(*alone, alone->hold_end_ms + 180'000),
              catalog.burst_weight(*alone, middle) / 2, 1e-9);
}

TEST(Gen, InterestsSteerTheFeed) {
  GenModel model = small_model();
  model.bursts_per_hour = 0;
  model.interest_share = 1;
  model.max_topics_per_viewer = 1;
  const Catalog catalog(model);
  const Trace trace = generated(model);
  // With one topic each and only interest-matched swipes, a viewer's videos share one topic
  // (except the rare redraw fallback when a topic's videos run out in a session).
  std::map<std::string, std::set<int>> topics;
  for (const SwipeRow& row : trace.rows)
    topics[row.user].insert(catalog.topic(static_cast<size_t>(rank_of(row) - 1)));
  size_t single = 0;
  for (const auto& [user, seen] : topics)
    single += seen.size() == 1 ? 1 : 0;
  EXPECT_EQ(single, topics.size());
}

TEST(Gen, IdsNameVideosAndRowLimitHolds) {
  GenModel model = small_model();
  model.videos = 3;
  model.ids = {"a1", "b2", "c3"};
  const Trace trace = generated(model);
  for (const SwipeRow& row : trace.rows)
    ASSERT_TRUE(row.video == "a1" || row.video == "b2" || row.video == "c3") << row.video;
  EXPECT_EQ(generate(small_model(), 100).error(), "the trace would hold more than 100 rows");
  const std::string catalog = format_catalog(model, Catalog(model));
  EXPECT_TRUE(catalog.starts_with("video,duration_ms,topic\na1,")) << catalog;
}

}  // namespace
}  // namespace swipebench::gen
