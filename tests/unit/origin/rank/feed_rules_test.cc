// The re-ranking rules of the viewer feed: creator diversity (and what gives when it cannot
// hold), no repeats, the exploration share and which pool videos it draws from.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "feed_fixture.h"

namespace origin::rank {
namespace {

std::size_t explored(const std::vector<RankedItem>& feed) {
  return static_cast<std::size_t>(std::ranges::count_if(
      feed, [](const RankedItem& item) { return item.source == Source::kExplore; }));
}

TEST(FeedDiversityTest, NoCreatorMoreThanTwiceInAnyTenForACold) {
  FeedFixture world(10, 10);
  world.trend_everything();  // trending is c0's ten videos, then c1's, ...
  std::vector<RankedItem> feed = rank_feed(world.inputs(), FeedPolicy{}, 60);
  ASSERT_EQ(feed.size(), 60u);
  EXPECT_LE(world.worst_window(feed, 10), 2u);
  std::vector<std::string> ids = world.ids(feed);
  EXPECT_EQ(ids[0], "c0v0");
  EXPECT_EQ(ids[1], "c0v1");
  EXPECT_EQ(ids[2], "c1v0");  // c0v2 waits for the window to move on
}

TEST(FeedDiversityTest, NoCreatorMoreThanTwiceInAnyTenForAPersonalisedViewer) {
  FeedFixture world(12, 10);
  world.trend_everything();
  world.viewer.completed_count = 10;
  world.viewer.hashtag_weights = {{"topic0", 10}};  // c0, c4, c8
  world.viewer.creator_weights = {{"c0", 5}};
  std::vector<RankedItem> feed = rank_feed(world.inputs(), FeedPolicy{}, 40);
  ASSERT_EQ(feed.size(), 40u);
  EXPECT_LE(world.worst_window(feed, 10), 2u);
  FeedPolicy wider;
  wider.per_creator_in_window = 3;
  wider.diversity_window = 5;
  feed = rank_feed(world.inputs(), wider, 40);
  EXPECT_LE(world.worst_window(feed, 5), 3u);
  EXPECT_EQ(world.worst_window(feed, 5), 3u);  // the interests fill what the rule allows
}

TEST(FeedDiversityTest, WithoutAlternativesTheRuleGivesWayAndTheFeedStaysFull) {
  FeedFixture world(2, 10);
  world.trend_everything();
  for (int i = 3; i < 10; ++i)
    world.viewer.seen.insert("c1v" + std::to_string(i));
  std::vector<RankedItem> feed = rank_feed(world.inputs(), FeedPolicy{}, 13);
  std::vector<std::string> ids = world.ids(feed);
  ASSERT_EQ(ids.size(), 13u);
  EXPECT_EQ((std::vector<std::string>(ids.begin(), ids.begin() + 4)),
            (std::vector<std::string>{"c0v0", "c0v1", "c1v0", "c1v1"}));
  // Only c0 and c1 are left, both at their limit: c0's best videos fill in; c1's last video
  // comes back as soon as the window allows it.
  EXPECT_EQ(ids[4], "c0v2");
  EXPECT_EQ(ids[12], "c1v2");

  FeedFixture alone(1, 30);
  alone.trend_everything();
  EXPECT_EQ(rank_feed(alone.inputs(), FeedPolicy{}, 20).size(), 20u);
}

TEST(FeedRepeatsTest, NothingSeenAndNothingTwice) {
  FeedFixture world(10, 10);
  world.trend_everything();
  world.viewer.seen = {"c0v0", "c1v0", "c2v5", "c9v9"};
  for (int completed : {0, 5}) {
    world.viewer.completed_count = completed;
    world.viewer.hashtag_weights = {{"topic1", 1}};
    std::vector<RankedItem> feed = rank_feed(world.inputs(), FeedPolicy{}, 500);
    std::vector<std::string> ids = world.ids(feed);
    EXPECT_EQ(ids.size(), 96u) << "every unseen video once, then the candidates ran out";
    std::set<std::string> unique(ids.begin(), ids.end());
    EXPECT_EQ(unique.size(), ids.size());
    for (const std::string& seen : world.viewer.seen)
      EXPECT_FALSE(unique.contains(seen)) << seen;
  }
}

TEST(FeedRepeatsTest, ALongSeenListIsHonouredToo) {
  FeedFixture world(10, 10);
  world.trend_everything();
  for (int c = 0; c < 10; ++c) {
    for (int i = 0; i < 7; ++i)
      world.viewer.seen.insert("c" + std::to_string(c) + "v" + std::to_string(i));
  }
  FeedPolicy policy;
  policy.max_candidates = 50;  // fewer than the 70 seen: checked per candidate
  std::vector<std::string> ids = world.ids(rank_feed(world.inputs(), policy, 100));
  EXPECT_EQ(ids.size(), 30u);
  for (const std::string& id : ids)
    EXPECT_FALSE(world.viewer.seen.contains(id)) << id;
}

// 20 creators; each creator's two newest videos are new (no counters) and the rest
// graduated and trending.
FeedFixture world_with_entrants() {
  FeedFixture world(20, 10);
  for (int c = 0; c < 20; ++c) {
    for (int i = 2; i < 10; ++i) {
      std::string id = "c" + std::to_string(c) + "v" + std::to_string(i);
      world.graduate(id);
      world.trending.emplace_back(id, 1000.0 - c - 20 * i);
    }
  }
  return world;
}

bool is_entrant(const std::string& id) {
  return id.ends_with("v0") || id.ends_with("v1");
}

TEST(FeedExplorationTest, TenToTwentyPercentFromPoolVideos) {
  FeedFixture world = world_with_entrants();
  for (int completed : {0, 5}) {
    world.viewer.completed_count = completed;
    world.viewer.hashtag_weights = {{"topic2", 3}};
    for (uint64_t seed = 1; seed <= 20; ++seed) {
      world.seed = seed;
      for (std::size_t count : {10u, 20u, 50u}) {
        std::vector<RankedItem> feed = rank_feed(world.inputs(), FeedPolicy{}, count);
        ASSERT_EQ(feed.size(), count);
        std::size_t n = explored(feed);
        EXPECT_GE(n * 10, count) << "seed " << seed << " count " << count;
        EXPECT_LE(n * 5, count) << "seed " << seed << " count " << count;
        for (const RankedItem& item : feed) {
          if (item.source == Source::kExplore) {
            EXPECT_TRUE(is_entrant(world.catalog().at(item.video).id));
          }
        }
        EXPECT_LE(world.worst_window(feed, 10), 2u);
      }
    }
  }
}

TEST(FeedExplorationTest, NoShareNoPoolVideosNoExploration) {
  FeedFixture world = world_with_entrants();
  FeedPolicy none;
  none.exploration_share = 0;
  EXPECT_EQ(explored(rank_feed(world.inputs(), none, 50)), 0u);
  FeedFixture graduated(10, 10);
  graduated.trend_everything();
  std::vector<RankedItem> feed = rank_feed(graduated.inputs(), FeedPolicy{}, 50);
  EXPECT_EQ(feed.size(), 50u);  // exploration slots fall back to the ranking
  EXPECT_EQ(explored(feed), 0u);
}

TEST(FeedExplorationTest, HeldVideosAreNotExploredPromotedOnesAre) {
  FeedFixture world = world_with_entrants();
  for (int c = 0; c < 20; ++c) {
    std::string base = "c" + std::to_string(c) + "v";
    world.stats(base + "0") = VideoStats{.views = 100, .completions = 20};   // held below 30%
    world.stats(base + "1") = VideoStats{.views = 150, .completions = 100};  // in pool 1
  }
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    world.seed = seed;
    std::vector<RankedItem> feed = rank_feed(world.inputs(), FeedPolicy{}, 40);
    EXPECT_GE(explored(feed), 4u);
    for (const RankedItem& item : feed) {
      if (item.source == Source::kExplore) {
        EXPECT_TRUE(world.catalog().at(item.video).id.ends_with("v1"));
      }
    }
  }
}

TEST(FeedExplorationTest, TheSameSeedGivesTheSameFeed) {
  FeedFixture world = world_with_entrants();
  world.viewer.completed_count = 4;
  world.viewer.hashtag_weights = {{"topic1", 2}, {"topic3", 1}};
  std::set<std::vector<std::string>> feeds;
  for (uint64_t seed = 1; seed <= 8; ++seed) {
    world.seed = seed;
    std::vector<RankedItem> first = rank_feed(world.inputs(), FeedPolicy{}, 30);
    std::vector<RankedItem> again = rank_feed(world.inputs(), FeedPolicy{}, 30);
    EXPECT_EQ(world.ids(first), world.ids(again));
    for (std::size_t i = 0; i < first.size(); ++i) {
      EXPECT_EQ(first[i].source, again[i].source);
      EXPECT_EQ(first[i].score, again[i].score);
    }
    feeds.insert(world.ids(first));
  }
  EXPECT_GT(feeds.size(), 1u) << "different seeds explore different pool videos";
}

}  // namespace
}  // namespace origin::rank
