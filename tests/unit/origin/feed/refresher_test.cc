// The refresher's counters follow the change log: what a batch changed reaches the next
// snapshot, and entries trimmed before they were read make it load every counter.
#include "tests/unit/origin/feed/feed_fixture.h"

namespace origin::feed {
namespace {

class RefresherTest : public FeedTest {
 protected:
  void SetUp() override {
    FeedTest::SetUp();
    config_.refresh_interval = std::chrono::hours(1);  // passes only when the test asks
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
  void redis(const core::redis::Command& command) {
    core::redis::SyncClient sync(redis_server_.endpoint());
    auto replies = sync.pipeline({command});
    ASSERT_TRUE(replies);
    ASSERT_FALSE(replies->front().is_error()) << replies->front().text;
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

}  // namespace
}  // namespace origin::feed
