// What one event changes: counters, the viewer's profile, co-watch pairs, trending and the
// survival counts.
#include "origin/rank/event_effects.h"

#include <gtest/gtest.h>

#include <cmath>

#include "origin/rank/periodic_decay.h"

namespace origin::rank {
namespace {

Event watch(std::string video, int64_t watch_ms, Action action = Action::kView) {
  return Event{.user = "u",
               .video = std::move(video),
               .watch_ms = watch_ms,
               .duration_ms = 15'000,
               .action = action};
}

Event react(std::string video, Action action) {
  return Event{.user = "u", .video = std::move(video), .action = action};
}

const VideoInfo kVideo{.id = "v1", .creator = "ann", .hashtags = {"cats", "fun", "cats"}};

TEST(EventEffectsTest, ActionsParseBothWays) {
  for (std::string_view name : {"view", "like", "share", "comment", "follow", "skip", "report"}) {
    std::optional<Action> action = parse_action(name);
    ASSERT_TRUE(action.has_value()) << name;
    EXPECT_EQ(to_string(*action), name);
  }
  EXPECT_FALSE(parse_action("").has_value());
  EXPECT_FALSE(parse_action("View").has_value());
}

TEST(EventEffectsTest, WatchesCountViewsAndTheirKind) {
  VideoStats complete = stats_delta(watch("v1", 14'000));  // >= 90% of 15 s
  EXPECT_EQ(complete.views, 1);
  EXPECT_EQ(complete.completions, 1);
  EXPECT_EQ(complete.replays, 0);
  EXPECT_EQ(complete.skips, 0);
  EXPECT_EQ(complete.watch_ms, 14'000);
  VideoStats replay = stats_delta(watch("v1", 20'000));
  EXPECT_EQ(replay.completions, 1);
  EXPECT_EQ(replay.replays, 1);
  VideoStats partial = stats_delta(watch("v1", 13'000));
  EXPECT_EQ(partial.views, 1);
  EXPECT_EQ(partial.completions + partial.skips, 0);
  VideoStats quick = stats_delta(watch("v1", 1'999));
  EXPECT_EQ(quick.skips, 1);
  EXPECT_EQ(stats_delta(watch("v1", 2'000)).skips, 0);
  VideoStats skip = stats_delta(watch("v1", 5'000, Action::kSkip));
  EXPECT_EQ(skip.views, 1);
  EXPECT_EQ(skip.skips, 1);
  EXPECT_EQ(skip.completions, 0);
  Event short_clip{.video = "s", .watch_ms = 1'000, .duration_ms = 1'000};
  EXPECT_TRUE(is_completion(short_clip));
  EXPECT_FALSE(is_skip(short_clip)) << "a 1 s clip watched to the end is no skip";
}

TEST(EventEffectsTest, ReactionsCountOnlyThemselves) {
  VideoStats stats;
  for (Action action :
       {Action::kLike, Action::kShare, Action::kComment, Action::kFollow, Action::kReport}) {
    VideoStats delta = stats_delta(react("v1", action));
    EXPECT_EQ(delta.views, 0) << to_string(action);
    add_to(stats, delta);
  }
  add_to(stats, stats_delta(watch("v1", 15'000)));
  EXPECT_EQ(stats.views, 1);
  EXPECT_EQ(stats.likes, 1);
  EXPECT_EQ(stats.shares, 1);
  EXPECT_EQ(stats.comments, 1);
  EXPECT_EQ(stats.follows, 1);
  EXPECT_EQ(stats.reports, 1);
  EXPECT_EQ(stats.completions, 1);
  EXPECT_EQ(stats.watch_ms, 15'000);
}

TEST(EventEffectsTest, ACompletionUpdatesTheProfile) {
  EffectPolicy policy;
  ViewerProfile viewer;
  apply_to_profile(viewer, watch("v1", 15'000), kVideo, policy.decay_epoch_s, policy);
  EXPECT_TRUE(viewer.seen.contains("v1"));
  EXPECT_EQ(viewer.completed_count, 1);
  EXPECT_EQ(viewer.recent_completions, (std::vector<std::string>{"v1"}));
  EXPECT_DOUBLE_EQ(viewer.hashtag_weights["cats"], 1.0) << "a repeated hashtag counts once";
  EXPECT_DOUBLE_EQ(viewer.hashtag_weights["fun"], 1.0);
  EXPECT_DOUBLE_EQ(viewer.creator_weights["ann"], 1.0);
  apply_to_profile(viewer, react("v1", Action::kFollow), kVideo, policy.decay_epoch_s, policy);
  EXPECT_TRUE(viewer.follows.contains("ann"));
  EXPECT_DOUBLE_EQ(viewer.creator_weights["ann"], 4.0);
  EXPECT_EQ(viewer.completed_count, 1) << "a reaction is not a watch";
}

TEST(EventEffectsTest, SkipsLowerInterestsAndLaterSignalsWeighMore) {
  EffectPolicy policy;
  ViewerProfile viewer;
  VideoInfo dogs{.id = "d1", .creator = "bob", .hashtags = {"dogs"}};
  apply_to_profile(viewer, watch("d1", 500), dogs, policy.decay_epoch_s, policy);
  EXPECT_TRUE(viewer.seen.contains("d1"));
  EXPECT_EQ(viewer.completed_count, 0);
  EXPECT_LT(viewer.hashtag_weights["dogs"], 0);
  // One interest half-life later a completion counts twice as much.
  int64_t later = policy.decay_epoch_s + static_cast<int64_t>(policy.interest_half_life_s);
  apply_to_profile(viewer, watch("v1", 15'000), kVideo, policy.decay_epoch_s, policy);
  VideoInfo more_cats{.id = "v2", .creator = "cid", .hashtags = {"cats"}};
  apply_to_profile(viewer, watch("v2", 15'000), more_cats, later, policy);
  EXPECT_DOUBLE_EQ(viewer.creator_weights["cid"], 2 * viewer.creator_weights["ann"]);
}

TEST(EventEffectsTest, RecentCompletionsAreNewestFirstUniqueAndBounded) {
  EffectPolicy policy;
  policy.recent_completions = 3;
  ViewerProfile viewer;
  for (std::string id : {"a", "b", "c", "a", "d"}) {
    apply_to_profile(viewer, watch(id, 15'000), VideoInfo{.id = id}, policy.decay_epoch_s, policy);
  }
  EXPECT_EQ(viewer.recent_completions, (std::vector<std::string>{"d", "a", "c"}));
  EXPECT_EQ(viewer.completed_count, 5);
}

TEST(EventEffectsTest, CoWatchPairsACompletionWithTheLatestOnes) {
  EffectPolicy policy;
  policy.co_watch_partners = 2;
  ViewerProfile before;
  before.recent_completions = {"c", "b", "a"};
  EXPECT_EQ(co_watch_partners(before, watch("d", 15'000), policy),
            (std::vector<std::string>{"c", "b"}));
  EXPECT_EQ(co_watch_partners(before, watch("c", 15'000), policy),
            (std::vector<std::string>{"b", "a"}))
      << "never with itself";
  EXPECT_TRUE(co_watch_partners(before, watch("d", 3'000), policy).empty());
  EXPECT_TRUE(co_watch_partners(before, react("d", Action::kLike), policy).empty());
}

TEST(EventEffectsTest, TrendingGrowsWithEngagementAndTime) {
  EffectPolicy policy;
  // The start of a trending period, where the factor is 1.
  const double period_s = policy.trending_half_life_s * PeriodicDecay::kHalfLivesPerPeriod;
  int64_t now = static_cast<int64_t>(period_s) * 2'600;
  double completion = trending_increment(watch("v", 15'000), now, policy);
  EXPECT_DOUBLE_EQ(completion, 1.0);
  EXPECT_GT(trending_increment(react("v", Action::kShare), now, policy), completion);
  EXPECT_LT(trending_increment(watch("v", 1'000), now, policy), 0);
  EXPECT_LT(trending_increment(react("v", Action::kReport), now, policy), -1);
  int64_t later = now + static_cast<int64_t>(policy.trending_half_life_s);
  EXPECT_DOUBLE_EQ(trending_increment(watch("v", 15'000), later, policy), 2 * completion);
  // Real dates stay finite: the factor restarts with each period.
  EXPECT_TRUE(std::isfinite(trending_increment(watch("v", 15'000), 4'000'000'000, policy)));
}

TEST(EventEffectsTest, WatchesAfterAnIdleGapStartSessions) {
  EffectPolicy policy;
  SurvivalCounts counts;
  count_watch(counts, watch("a", 4'000), std::nullopt, 1'000, policy);
  count_watch(counts, watch("b", 6'000), 1'000, 1'010, policy);
  count_watch(counts, react("b", Action::kLike), 1'010, 1'011, policy);
  count_watch(counts, watch("c", 1'000, Action::kSkip), 1'011, 1'011 + policy.session_gap_s + 1,
              policy);
  EXPECT_EQ(counts.watches, 3);
  EXPECT_EQ(counts.session_starts, 2);
  EXPECT_EQ(counts.watch_ms, 11'000);
}

}  // namespace
}  // namespace origin::rank
