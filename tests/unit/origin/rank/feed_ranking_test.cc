// Candidates and ranking of the viewer feed: cold start on regional trending, personalisation
// after three completions, co-watch, followed creators, negatives, freshness and the budget.
#include <gtest/gtest.h>

#include <set>

#include "feed_fixture.h"
#include "origin/rank/feed_scoring.h"

namespace origin::rank {
namespace {

// 10 creators x 10 videos, 2 topics (even creators topic0, odd topic1), all graduated alike;
// trending interleaves creators: c0v0, c1v0, ..., c9v0, c0v1, ...
FeedFixture interleaved() {
  FeedFixture world(10, 10, 2);
  double score = 1000;
  for (int i = 0; i < 10; ++i) {
    for (int c = 0; c < 10; ++c) {
      std::string id = "c" + std::to_string(c) + "v" + std::to_string(i);
      world.graduate(id);
      world.trending.emplace_back(id, score--);
    }
  }
  return world;
}

std::vector<std::string> trending_ids(const FeedFixture& world, std::size_t n) {
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < n; ++i)
    ids.push_back(world.trending[i].first);
  return ids;
}

FeedPolicy without_exploration() {
  FeedPolicy policy;
  policy.exploration_share = 0;
  return policy;
}

TEST(FeedColdStartTest, FewerThanThreeCompletionsGetRegionalTrending) {
  FeedFixture world = interleaved();
  world.viewer.hashtag_weights = {{"topic1", 100}};
  world.viewer.creator_weights = {{"c9", 100}};
  world.viewer.follows = {"c7"};
  for (int completed : {0, 1, 2}) {
    world.viewer.completed_count = completed;
    std::vector<RankedItem> feed = rank_feed(world.inputs(), without_exploration(), 30);
    EXPECT_EQ(world.ids(feed), trending_ids(world, 30)) << completed << " completions";
    for (const RankedItem& item : feed)
      EXPECT_EQ(item.source, Source::kTrending);
  }
  FeedInputs anonymous = world.inputs();
  anonymous.viewer = nullptr;
  EXPECT_EQ(world.ids(rank_feed(anonymous, without_exploration(), 30)), trending_ids(world, 30));
}

TEST(FeedColdStartTest, ResolvedTrendingGivesTheSameFeed) {
  FeedFixture world = interleaved();
  world.trending.insert(world.trending.begin() + 3, {"not-in-the-catalog", 999.5});
  for (int completed : {0, 5}) {
    world.viewer.completed_count = completed;
    world.viewer.hashtag_weights = {{"topic1", 1}};
    FeedInputs by_id = world.inputs();
    std::vector<std::pair<VideoIndex, double>> resolved =
        resolve_trending(world.catalog(), world.trending);
    EXPECT_EQ(resolved.size(), world.trending.size() - 1);
    FeedInputs by_index = world.inputs();
    by_index.trending.clear();
    by_index.trending_indexed = resolved;
    EXPECT_EQ(world.ids(rank_feed(by_id, FeedPolicy{}, 30)),
              world.ids(rank_feed(by_index, FeedPolicy{}, 30)));
  }
}

TEST(FeedColdStartTest, ThreeCompletionsPersonalise) {
  FeedFixture world = interleaved();
  world.viewer.hashtag_weights = {{"topic1", 100}, {"topic0", 1}};
  world.viewer.completed_count = 3;
  EXPECT_TRUE(is_personalised(&world.viewer, FeedPolicy{}));
  std::vector<RankedItem> feed = rank_feed(world.inputs(), without_exploration(), 30);
  ASSERT_EQ(feed.size(), 30u);
  EXPECT_NE(world.ids(feed), trending_ids(world, 30));
  // Five topic1 creators, two each per window of ten: the first ten are all topic1.
  for (std::size_t i = 0; i < 10; ++i) {
    const VideoInfo& video = world.catalog().at(feed[i].video);
    EXPECT_EQ(video.hashtags[0], "topic1") << i << ": " << video.id;
    EXPECT_EQ(feed[i].source, Source::kInterest);
  }
  FeedPolicy later = without_exploration();
  later.personalise_after = 4;
  EXPECT_EQ(world.ids(rank_feed(world.inputs(), later, 30)), trending_ids(world, 30));
}

TEST(FeedRankingTest, CoWatchOfRecentCompletionsComesFirst) {
  FeedFixture world = interleaved();
  world.viewer.completed_count = 5;
  world.viewer.recent_completions = {"c0v9"};
  world.viewer.seen = {"c0v9"};
  world.co_watch["c0v9"] = {{"c5v5", 40}, {"c3v8", 10}};
  std::vector<RankedItem> feed = rank_feed(world.inputs(), without_exploration(), 20);
  ASSERT_GE(feed.size(), 2u);
  EXPECT_EQ(world.catalog().at(feed[0].video).id, "c5v5");
  EXPECT_EQ(feed[0].source, Source::kCoWatch);
  // Similar to the completion: c0's videos and topic0 came in as interest candidates.
  bool similar = false;
  for (const RankedItem& item : feed)
    similar |= item.source == Source::kInterest;
  EXPECT_TRUE(similar);
}

TEST(FeedRankingTest, FollowedCreatorsAreCandidatesAndRankHigh) {
  FeedFixture world(10, 10, 2);  // no trending at all
  for (const VideoInfo& video : world.catalog().videos())
    world.graduate(video.id);
  world.viewer.completed_count = 5;
  world.viewer.follows = {"c6"};
  std::vector<RankedItem> feed = rank_feed(world.inputs(), without_exploration(), 5);
  // Only the followed creator's videos are candidates: the diversity rule gives way.
  ASSERT_EQ(feed.size(), 5u);
  for (const RankedItem& item : feed) {
    EXPECT_EQ(world.catalog().at(item.video).creator, "c6");
    EXPECT_EQ(item.source, Source::kFollowed);
  }
}

TEST(FeedRankingTest, SkipsAndReportsAreStrongNegatives) {
  FeedFixture world(10, 1);
  world.trend_everything();
  world.viewer.completed_count = 5;
  world.stats("c3v0").reports = 400;  // 2% of views
  world.stats("c4v0").skips = 15'000;
  std::vector<std::string> ids = world.ids(rank_feed(world.inputs(), without_exploration(), 10));
  ASSERT_EQ(ids.size(), 10u);
  EXPECT_EQ((std::set<std::string>{ids[8], ids[9]}), (std::set<std::string>{"c3v0", "c4v0"}));

  Rates typical = smoothed_rates(VideoStats{.views = 1000, .completions = 500});
  Rates skipped = typical;
  skipped.skip += 0.1;
  Rates completed = typical;
  completed.completion += 0.1;
  // A skip costs more than a completion earns.
  EXPECT_LT(predicted_engagement(skipped) - predicted_engagement(typical),
            -(predicted_engagement(completed) - predicted_engagement(typical)));
}

TEST(FeedRankingTest, FreshnessLiftsNewVideosOverSlightlyBetterOldOnes) {
  FeedFixture world(1, 10);
  world.trend_everything();
  world.viewer.completed_count = 5;
  world.graduate("c0v9", 710);  // the oldest, a little better
  FeedPolicy fast = without_exploration();
  fast.freshness_half_life_s = 60;
  EXPECT_EQ(world.ids(rank_feed(world.inputs(), fast, 1))[0], "c0v0");
  FeedPolicy slow = without_exploration();
  slow.freshness_half_life_s = 1e9;
  EXPECT_EQ(world.ids(rank_feed(world.inputs(), slow, 1))[0], "c0v9");
}

TEST(FeedRankingTest, CandidatesStayWithinTheBudget) {
  FeedFixture world(10, 10);
  world.trend_everything();
  FeedPolicy small;
  small.max_candidates = 20;
  for (int completed : {0, 5}) {
    world.viewer.completed_count = completed;
    world.viewer.hashtag_weights = {{"topic1", 1}};
    std::size_t size = rank_feed(world.inputs(), small, 50).size();
    EXPECT_LE(size, 20u);
    EXPECT_GE(size, 15u);
  }
}

TEST(FeedRankingTest, MissingInputsGiveAnEmptyOrTrendingFeed) {
  FeedFixture world(5, 4);
  FeedInputs inputs = world.inputs();
  EXPECT_TRUE(rank_feed(inputs, FeedPolicy{}, 0).empty());
  inputs.catalog = nullptr;
  EXPECT_TRUE(rank_feed(inputs, FeedPolicy{}, 10).empty());
  inputs = world.inputs();
  inputs.stats = nullptr;
  inputs.trending = {{"c1v1", 2}, {"unknown", 1}, {"c2v2", 0.5}};
  // Without counters every video is an entrant: after trending, entrants fill the feed.
  std::vector<RankedItem> feed = rank_feed(inputs, without_exploration(), 10);
  ASSERT_EQ(feed.size(), 10u);
  std::vector<std::string> ids = world.ids(feed);
  EXPECT_EQ((std::vector<std::string>(ids.begin(), ids.begin() + 2)),
            (std::vector<std::string>{"c1v1", "c2v2"}));
  for (std::size_t i = 2; i < feed.size(); ++i)
    EXPECT_EQ(feed[i].source, Source::kExplore);
}

}  // namespace
}  // namespace origin::rank
