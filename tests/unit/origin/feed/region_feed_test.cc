// GET /api/feed/region/{R}: videos just ahead of active viewers rank above the rest, and the
// probabilities are probabilities.
#include <set>

#include "tests/unit/origin/feed/feed_fixture.h"

namespace origin::feed {
namespace {

class RegionFeedTest : public FeedTest {
 protected:
  void SetUp() override {
    FeedTest::SetUp();
    for (int i = 0; i < 30; ++i)
      videos_.push_back(add_video("c" + std::to_string(i % 10), {"t"}));
    start();
  }
  std::vector<std::string> videos_;
};

TEST_F(RegionFeedTest, WhatActiveViewersAreAboutToReachRanksFirst) {
  // Some trending in "asia" (from viewers long gone), so cold feeds there start alike.
  nlohmann::json batch = nlohmann::json::array();
  for (std::size_t i = 0; i < 10; ++i) {
    for (std::size_t n = 0; n < 10 - i; ++n)
      batch.push_back(watch("fan" + std::to_string(n), videos_[i], 10'000, "asia"));
  }
  ASSERT_EQ(post(batch).status, 200);
  clock_.seconds += 3'600;
  refresher_->refresh();
  // Ten viewers in "asia" get a feed and watch its first clip; nobody is active in "eu".
  std::map<std::string, int> next_up;
  std::set<std::string> current;
  for (int v = 0; v < 10; ++v) {
    std::string user = "viewer" + std::to_string(v);
    FeedReply page = feed(user, 10, "", "asia");
    std::vector<std::string> got = ids(page);
    ASSERT_GE(got.size(), 3u);
    ASSERT_EQ(post_each({watch(user, got[0], 9'000, "asia")}).status, 200);
    ++next_up[got[1]];
    current.insert(got[0]);
  }
  refresher_->refresh();
  FeedReply reply = region_feed("asia", 10);
  ASSERT_EQ(reply.status, 200);
  EXPECT_FALSE(reply.fallback);
  ASSERT_FALSE(reply.body.empty());
  double previous = 1.0;
  for (const auto& item : reply.body) {
    double p = item["p"];
    EXPECT_GT(p, 0.0);
    EXPECT_LE(p, 1.0);
    EXPECT_LE(p, previous) << "best first";
    previous = p;
  }
  // The clips viewers are on have been reached (p = 1); right after them comes the clip most
  // viewers are about to reach.
  auto most = std::max_element(next_up.begin(), next_up.end(),
                               [](const auto& a, const auto& b) { return a.second < b.second; });
  std::vector<std::string> top;
  for (std::size_t i = 0; i <= current.size() && i < reply.body.size(); ++i)
    top.push_back(reply.body[i]["video"]);
  EXPECT_NE(std::find(top.begin(), top.end(), most->first), top.end())
      << most->first << " " << reply.body.dump();
}

TEST_F(RegionFeedTest, AShorterHorizonLowersTheOddsOfWhatIsFurtherAway) {
  for (int v = 0; v < 5; ++v) {
    std::string user = "viewer" + std::to_string(v);
    std::vector<std::string> got = ids(feed(user, 10, "", "asia"));
    ASSERT_GE(got.size(), 3u);
    ASSERT_EQ(post_each({watch(user, got[0], 9'000, "asia")}).status, 200);
  }
  refresher_->refresh();
  std::map<std::string, double> near;
  for (const auto& item : region_feed("asia", 30, 5).body)
    near[item["video"]] = item["p"];
  std::map<std::string, double> far;
  for (const auto& item : region_feed("asia", 30, 120).body)
    far[item["video"]] = item["p"];
  ASSERT_FALSE(near.empty());
  bool lower_somewhere = false;
  for (const auto& [video, p] : near) {
    ASSERT_TRUE(far.contains(video)) << video;
    EXPECT_LE(p, far[video] + 1e-12) << video;
    lower_somewhere |= p < far[video] - 1e-9;
  }
  EXPECT_TRUE(lower_somewhere);
}

TEST_F(RegionFeedTest, ARegionWithoutActivityStillGetsTrending) {
  nlohmann::json batch = nlohmann::json::array();
  for (int n = 0; n < 5; ++n)
    batch.push_back(watch("fan" + std::to_string(n), videos_[7], 10'000, "eu"));
  ASSERT_EQ(post(batch).status, 200);
  refresher_->refresh();
  clock_.seconds += 3'600;  // every viewer has gone idle
  FeedReply reply = region_feed("eu", 3);
  ASSERT_EQ(reply.status, 200);
  ASSERT_FALSE(reply.body.empty());
  EXPECT_EQ(reply.body[0]["video"], videos_[7]);
}

}  // namespace
}  // namespace origin::feed
