// Redis away: feeds come from the trending kept in LMDB, never an error, and everything comes
// back by itself when Redis returns. The region feed without Redis is trending under the
// model's priors.
#include "origin/feed/feed_metrics.h"
#include "tests/unit/origin/feed/feed_fixture.h"

namespace origin::feed {
namespace {

class FallbackTest : public FeedTest {
 protected:
  void SetUp() override {
    FeedTest::SetUp();
    for (int i = 0; i < 12; ++i)
      videos_.push_back(add_video("c" + std::to_string(i), {"t"}));
    start();
    nlohmann::json batch = nlohmann::json::array();
    for (std::size_t i = 0; i < videos_.size(); ++i) {
      for (std::size_t n = 0; n < videos_.size() - i; ++n)
        batch.push_back(watch("fan" + std::to_string(n), videos_[i], 10'000));
    }
    EXPECT_EQ(post(batch).status, 200);
    // Enough passes for one copy of trending into LMDB.
    for (int i = 0; i < 10; ++i)
      refresher_->refresh();
  }
  std::vector<std::string> videos_;
};

TEST_F(FallbackTest, ViewerFeedFallsBackToTrendingAndPagesOnWithoutRedis) {
  redis_server_.kill();
  refresher_->refresh();
  FeedReply first = feed("u1", 5);
  ASSERT_EQ(first.status, 200);
  EXPECT_TRUE(first.fallback);
  EXPECT_EQ(first.body["source"], "fallback");
  EXPECT_EQ(metrics_.counter(families::kFeeds, {"viewer", "fallback"}).value(), 1u);
  ASSERT_EQ(ids(first).size(), 5u);
  FeedReply second = feed("u1", 5, first.body["cursor"]);
  ASSERT_EQ(ids(second).size(), 5u);
  std::vector<std::string> first_page = ids(first);
  for (const std::string& id : ids(second))
    EXPECT_EQ(std::count(first_page.begin(), first_page.end(), id), 0);
}

TEST_F(FallbackTest, ARestartWithRedisDownStartsFromTheTrendingKeptInLmdb) {
  redis_server_.kill();
  worker_.reset();
  client_.reset();
  refresher_.reset();
  SnapshotBoard fresh_board;
  Refresher restarted(config_, *store_, fresh_board, clock_, log_);
  auto snapshot = fresh_board.current();
  EXPECT_FALSE(snapshot->redis_ok);
  const TrendingList& kept = snapshot->trending_in("eu");
  ASSERT_FALSE(kept.empty());
  EXPECT_EQ(kept.front().first, videos_.front());
}

TEST_F(FallbackTest, RecoveryIsAutomaticWhenRedisReturns) {
  redis_server_.kill();
  refresher_->refresh();
  EXPECT_TRUE(feed("u2", 5).fallback);
  ASSERT_TRUE(redis_server_.start());  // empty: persistence is off in these tests
  FeedReply reply;
  for (int attempt = 0; attempt < 200; ++attempt) {
    spin(std::chrono::milliseconds(20));
    reply = feed("u2", 5);
    if (!reply.fallback) break;
  }
  EXPECT_FALSE(reply.fallback);
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(ids(reply).size(), 5u) << "the snapshot's trending still serves the new Redis";
  refresher_->refresh();
  EXPECT_TRUE(board_.current()->redis_ok);
}

TEST_F(FallbackTest, RegionFeedWithoutRedisIsTrendingUnderPriors) {
  redis_server_.kill();
  FeedReply reply = region_feed("eu", 5);
  ASSERT_EQ(reply.status, 200);
  EXPECT_TRUE(reply.fallback);
  ASSERT_EQ(reply.body.size(), 5u);
  EXPECT_EQ(reply.body[0]["video"], videos_.front());
  EXPECT_EQ(reply.body[0]["renditions"], (nlohmann::json{"360p", "720p"}));
}

}  // namespace
}  // namespace origin::feed
