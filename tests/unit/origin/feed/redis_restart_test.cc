// What a Redis restart may lose. origind answers a batch 200 only after Redis applied it, so
// what is lost is what Redis itself loses: nothing on a clean restart with persistence on, and
// nothing when the redis-server process crashes with the append-only file on, whatever its
// fsync policy, since Redis writes a command to the file before it answers and a dead process
// leaves its writes to the kernel. With appendfsync everysec (Redis's default for AOF) a crash
// of the host itself, which these tests cannot cause, loses what was not yet flushed to the
// disk: about the last second of batches, two at worst by Redis's own account.
#include "tests/unit/origin/feed/feed_fixture.h"

namespace origin::feed {
namespace {

class RedisRestartTest : public FeedTest {
 protected:
  explicit RedisRestartTest(std::vector<std::string> args) : FeedTest(std::move(args)) {}

  void SetUp() override {
    FeedTest::SetUp();
    video_ = add_video("alice", {"cats"});
    start();
  }

  // Posts `batches` batches of 10 views; returns how many events were acknowledged.
  int64_t post_views(int batches) {
    int64_t acknowledged = 0;
    for (int b = 0; b < batches; ++b) {
      nlohmann::json batch = nlohmann::json::array();
      for (int i = 0; i < 10; ++i)
        batch.push_back(watch("u" + std::to_string(i), video_, 4'000));
      FeedReply reply = post(batch);
      if (reply.status == 200) acknowledged += reply.body["accepted"].get<int64_t>();
    }
    return acknowledged;
  }

  int64_t views_in_redis() {
    core::redis::SyncClient sync(redis_server_.endpoint());
    auto replies = sync.pipeline({{"HGET", config_.key_prefix + "v:" + video_, "views"}});
    return replies ? replies->front().as_integer().value_or(0) : -1;
  }

  std::string video_;
};

class CleanRestart : public RedisRestartTest {
 protected:
  CleanRestart() : RedisRestartTest({"--appendonly", "yes"}) {}
};

TEST_F(CleanRestart, KeepsEveryAcknowledgedEvent) {
  int64_t acknowledged = post_views(20);
  ASSERT_EQ(acknowledged, 200);
  redis_server_.stop();
  ASSERT_TRUE(redis_server_.start());
  EXPECT_EQ(views_in_redis(), acknowledged);
}

class CrashWithFsyncAlways : public RedisRestartTest {
 protected:
  CrashWithFsyncAlways() : RedisRestartTest({"--appendonly", "yes", "--appendfsync", "always"}) {}
};

TEST_F(CrashWithFsyncAlways, KeepsEveryAcknowledgedEvent) {
  int64_t acknowledged = post_views(20);
  ASSERT_EQ(acknowledged, 200);
  redis_server_.kill();
  ASSERT_TRUE(redis_server_.start());
  EXPECT_EQ(views_in_redis(), acknowledged);
}

class CrashWithFsyncEverySecond : public RedisRestartTest {
 protected:
  CrashWithFsyncEverySecond()
      : RedisRestartTest({"--appendonly", "yes", "--appendfsync", "everysec"}) {}
};

TEST_F(CrashWithFsyncEverySecond, KeepsEveryAcknowledgedEvent) {
  int64_t acknowledged = post_views(20);
  ASSERT_EQ(acknowledged, 200);
  redis_server_.kill();
  ASSERT_TRUE(redis_server_.start());
  EXPECT_EQ(views_in_redis(), acknowledged);
}

class CrashWithoutPersistence : public RedisRestartTest {
 protected:
  CrashWithoutPersistence() : RedisRestartTest({}) {}
};

// Without persistence everything in Redis goes; the origin keeps serving from the trending it
// kept in LMDB and counts again from zero.
TEST_F(CrashWithoutPersistence, LosesTheCountersButNotTheService) {
  ASSERT_EQ(post_views(5), 50);
  for (int i = 0; i < 10; ++i)
    refresher_->refresh();
  redis_server_.kill();
  ASSERT_TRUE(redis_server_.start());
  EXPECT_EQ(views_in_redis(), 0);
  FeedReply reply;
  for (int attempt = 0; attempt < 200; ++attempt) {
    spin(std::chrono::milliseconds(20));
    reply = post_each({watch("late", video_, 4'000)});
    if (reply.status == 200) break;
  }
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(views_in_redis(), 1);
  refresher_->refresh();
  EXPECT_FALSE(board_.current()->trending_in("eu").empty());
}

}  // namespace
}  // namespace origin::feed
