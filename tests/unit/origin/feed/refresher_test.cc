// The refresher's counters follow the change log: what a batch changed reaches the next
// snapshot, and entries trimmed before they were read make it load every counter.
#include "tests/unit/origin/feed/feed_fixture.h"

namespace origin::feed {
namespace {

class RefresherTest : public FeedTest {
 protected:
  void SetUp() override {
    FeedTest::SetUp();
    a_ = add_video("alice", {"cats"});
    b_ = add_video("bob", {"dogs"});
    start();
  }
  int64_t views(const std::string& id) {
    auto snapshot = board_.current();
    auto index = snapshot->catalog->find(id);
    if (!index || !snapshot->stats) return -1;
    return (*snapshot->stats)[*index].views;
  }
  core::redis::Reply redis(const core::redis::Command& command) {
    core::redis::SyncClient sync(redis_server_.endpoint());
    auto replies = sync.pipeline({command});
    if (!replies) {
      ADD_FAILURE() << "redis: " << replies.error().reason;
      return {};
    }
    EXPECT_FALSE(replies->front().is_error()) << replies->front().text;
    return replies->front();
  }
  std::string a_, b_;
};

TEST_F(RefresherTest, WhatABatchChangedReachesTheNextSnapshot) {
  ASSERT_EQ(post_each({watch("u1", a_, 5'000)}).status, 200);
  refresher_->refresh();
  EXPECT_EQ(views(a_), 1);
  EXPECT_EQ(views(b_), 0);
  ASSERT_EQ(post_each({watch("u2", a_, 5'000), watch("u2", b_, 5'000)}).status, 200);
  refresher_->refresh();
  EXPECT_EQ(views(a_), 2);
  EXPECT_EQ(views(b_), 1);
}

TEST_F(RefresherTest, CountersChangedWithoutALogEntryWaitForTheirNextEntry) {
  refresher_->refresh();
  redis({"HINCRBY", config_.key_prefix + "v:" + b_, "views", "5"});
  refresher_->refresh();
  EXPECT_EQ(views(b_), 0);  // the log says nothing of b: not read again
  ASSERT_EQ(post_each({watch("u1", b_, 5'000)}).status, 200);
  refresher_->refresh();
  EXPECT_EQ(views(b_), 6);
}

TEST_F(RefresherTest, EntriesTrimmedBeforeTheyWereReadMeanEveryCounterIsLoaded) {
  ASSERT_EQ(post_each({watch("u1", a_, 5'000)}).status, 200);
  refresher_->refresh();
  ASSERT_EQ(views(a_), 1);
  ASSERT_EQ(post_each({watch("u1", b_, 5'000)}).status, 200);
  redis({"XTRIM", config_.key_prefix + "vlog", "MAXLEN", "0"});
  refresher_->refresh();
  EXPECT_EQ(views(b_), 1);
  EXPECT_EQ(views(a_), 1);
  // And on from there incrementally.
  ASSERT_EQ(post_each({watch("u2", a_, 5'000)}).status, 200);
  refresher_->refresh();
  EXPECT_EQ(views(a_), 2);
}

TEST_F(RefresherTest, ALogDeletedWithItsCountersIsNoticed) {
  ASSERT_EQ(post_each({watch("u1", a_, 5'000)}).status, 200);
  refresher_->refresh();
  ASSERT_EQ(views(a_), 1);
  redis({"FLUSHALL"});  // Redis restarted empty, say, between two passes
  ASSERT_EQ(post_each({watch("u1", b_, 5'000)}).status, 200);
  refresher_->refresh();
  EXPECT_EQ(views(a_), 0);
  EXPECT_EQ(views(b_), 1);
}

TEST_F(RefresherTest, AVideoThatJoinsTheCatalogBringsItsCounters) {
  refresher_->refresh();
  // A video imported with counters already in Redis (from another origin, say): no batch of
  // this origin names it in the log.
  std::string c = add_video("carol", {"birds"});
  redis({"HINCRBY", config_.key_prefix + "v:" + c, "views", "7"});
  refresher_->refresh();
  EXPECT_EQ(views(c), 7);
}

TEST_F(RefresherTest, ACounterHashThatIsGoneCountsNothing) {
  ASSERT_EQ(post_each({watch("u1", a_, 5'000)}).status, 200);
  refresher_->refresh();
  ASSERT_EQ(views(a_), 1);
  redis({"DEL", config_.key_prefix + "v:" + a_});
  redis({"XADD", config_.key_prefix + "vlog", "*", "v", a_});
  refresher_->refresh();
  EXPECT_EQ(views(a_), 0);
}

TEST_F(RefresherTest, TheLogIsTrimmedToItsLastMinutesByTheRefresher) {
  // Entries two and a half minutes apart in Redis's clock (explicit ids), then one now.
  redis({"XADD", config_.key_prefix + "vlog", "1000-0", "v", a_});
  redis({"XADD", config_.key_prefix + "vlog", "151000-0", "v", a_});
  ASSERT_EQ(post_each({watch("u1", b_, 5'000)}).status, 200);
  refresher_->refresh();
  EXPECT_EQ(views(b_), 1);
  auto first = redis({"XRANGE", config_.key_prefix + "vlog", "-", "+", "COUNT", "1"});
  ASSERT_EQ(first.elements.size(), 1u);
  EXPECT_NE(first.elements[0].elements[0].text, "1000-0");
  EXPECT_EQ(redis({"XLEN", config_.key_prefix + "vlog"}).integer, 1);
}

TEST_F(RefresherTest, ARefresherBehindTheLogCatchesUpOverPasses) {
  refresher_->refresh();
  // More entries than a pass reads (20 pages of 500), then a batch of b's.
  std::vector<core::redis::Command> adds(10'100,
                                         {"XADD", config_.key_prefix + "vlog", "*", "v", a_});
  core::redis::SyncClient sync(redis_server_.endpoint());
  ASSERT_TRUE(sync.pipeline(adds));
  ASSERT_EQ(post_each({watch("u1", b_, 5'000)}).status, 200);
  refresher_->refresh();
  EXPECT_EQ(views(b_), 0);  // not read yet
  refresher_->refresh();
  EXPECT_EQ(views(b_), 1);
}

}  // namespace
}  // namespace origin::feed
