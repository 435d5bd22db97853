// POST /api/events into a real Redis: what a batch counts, what it refuses and why, and that
// a batch is acknowledged only when Redis holds it.
#include "origin/feed/feed_metrics.h"
#include "origin/feed/redis_keys.h"
#include "tests/unit/origin/feed/feed_fixture.h"

namespace origin::feed {
namespace {

class EventIngestTest : public FeedTest {
 protected:
  void SetUp() override {
    FeedTest::SetUp();
    a_ = add_video("alice", {"cats", "funny"});
    b_ = add_video("bob", {"dogs"});
    start();
  }
  std::map<std::string, std::string> hash(const std::string& key) {
    core::redis::SyncClient sync(redis_server_.endpoint());
    auto replies = sync.pipeline({{"HGETALL", key}});
    std::map<std::string, std::string> out;
    if (!replies) return out;
    const auto& e = replies->front().elements;
    for (std::size_t i = 0; i + 1 < e.size(); i += 2)
      out[e[i].text] = e[i + 1].text;
    return out;
  }
  std::vector<std::string> list(const std::string& key) {
    core::redis::SyncClient sync(redis_server_.endpoint());
    auto replies = sync.pipeline({{"LRANGE", key, "0", "-1"}});
    std::vector<std::string> out;
    if (!replies) return out;
    for (const core::redis::Reply& item : replies->front().elements)
      out.push_back(item.text);
    return out;
  }
  std::string a_, b_;
};

TEST_F(EventIngestTest, ABatchCountsWatchesCompletionsSkipsAndReactions) {
  nlohmann::json batch = nlohmann::json::array(
      {watch("u1", a_, 9'500),
       watch("u2", a_, 1'000),
       watch("u3", a_, 25'000),
       {{"user", "u1"}, {"video", a_}, {"action", "like"}, {"region", "eu"}},
       {{"user", "u1"}, {"video", a_}, {"action", "follow"}, {"region", "eu"}},
       {{"user", "u2"}, {"video", b_}, {"action", "report"}, {"region", "eu"}}});
  FeedReply reply = post(batch);
  ASSERT_EQ(reply.status, 200) << reply.body.dump();
  EXPECT_EQ(reply.body["accepted"], 6);
  EXPECT_TRUE(reply.body["rejected"].empty());
  auto a = hash(config_.key_prefix + "v:" + a_);
  EXPECT_EQ(a["views"], "3");
  EXPECT_EQ(a["completions"], "2");  // 9.5 s and 25 s of a 10 s clip
  EXPECT_EQ(a["replays"], "1");
  EXPECT_EQ(a["skips"], "1");
  EXPECT_EQ(a["likes"], "1");
  EXPECT_EQ(a["follows"], "1");
  EXPECT_EQ(a["watch_ms"], "35500");
  EXPECT_EQ(hash(config_.key_prefix + "v:" + b_)["reports"], "1");
  // u1 completed, liked and followed the clip: its signals, newest first, in whole units.
  const std::string at = " " + std::to_string(clock_.seconds);
  EXPECT_EQ(list(RedisKeys(config_.key_prefix).interest("u1")),
            (std::vector<std::string>{a_ + " 300" + at, a_ + " 200" + at, a_ + " 100" + at}));
  // u2 skipped it and reported bob's: negative signals. u3 watched it past the end: a replay
  // weighs more than a completion.
  EXPECT_EQ(list(RedisKeys(config_.key_prefix).interest("u2")),
            (std::vector<std::string>{b_ + " -500" + at, a_ + " -50" + at}));
  EXPECT_EQ(list(RedisKeys(config_.key_prefix).interest("u3")),
            (std::vector<std::string>{a_ + " 150" + at}));
  auto survival = hash(config_.key_prefix + "sv:eu");
  EXPECT_EQ(survival["watches"], "3");
  EXPECT_EQ(survival["session_starts"], "3");
}

class EventIngestFewSignalsTest : public EventIngestTest {
 protected:
  void SetUp() override {
    config_.interest_signals_kept = 3;
    EventIngestTest::SetUp();
  }
};

TEST_F(EventIngestFewSignalsTest, AViewerKeepsTheirLatestSignalsOnly) {
  ASSERT_EQ(post_each({watch("u1", a_, 10'000), watch("u1", b_, 10'000), watch("u1", a_, 1'000),
                       watch("u1", b_, 1'000)})
                .status,
            200);
  ASSERT_EQ(post_each({watch("u1", a_, 5'000)}).status, 200);
  std::vector<std::string> units;
  for (const std::string& entry : list(RedisKeys(config_.key_prefix).interest("u1")))
    units.push_back(entry.substr(0, entry.rfind(' ')));
  // A 5 s view of a 10 s clip is worth a quarter; skips are negative.
  EXPECT_EQ(units, (std::vector<std::string>{a_ + " 25", b_ + " -50", a_ + " -50"}));
}

TEST_F(EventIngestTest, SecondCompletionOfAViewerMakesCoWatchPairs) {
  ASSERT_EQ(post_each({watch("u1", a_, 10'000)}).status, 200);
  ASSERT_EQ(post_each({watch("u1", b_, 10'000)}).status, 200);
  core::redis::SyncClient sync(redis_server_.endpoint());
  auto replies = sync.pipeline({{"ZSCORE", config_.key_prefix + "cw:" + a_, b_},
                                {"ZSCORE", config_.key_prefix + "cw:" + b_, a_}});
  ASSERT_TRUE(replies);
  EXPECT_EQ((*replies)[0].as_double(), 1.0);
  EXPECT_EQ((*replies)[1].as_double(), 1.0);
  auto survival = hash(config_.key_prefix + "sv:eu");
  EXPECT_EQ(survival["session_starts"], "1");  // the second watch continues the session
}

TEST_F(EventIngestTest, ALargeBatchIsAppliedInPartsThatKeepEachViewerWhole) {
  std::string c = add_video("cid", {"cats"});
  refresher_->refresh();
  nlohmann::json batch = nlohmann::json::array();
  for (int n = 0; n < 20; ++n)
    batch.push_back(watch("a" + std::to_string(n), b_, 3'000));
  for (const std::string& video : {a_, b_, c})
    batch.push_back(watch("u1", video, 10'000));
  for (int n = 0; n < 40; ++n)
    batch.push_back(watch("z" + std::to_string(n), b_, 3'000));
  FeedReply reply = post(batch);
  ASSERT_EQ(reply.status, 200) << reply.body.dump();
  EXPECT_EQ(reply.body["accepted"], 63);
  EXPECT_EQ(hash(config_.key_prefix + "v:" + b_)["views"], "61");
  core::redis::SyncClient sync(redis_server_.endpoint());
  auto replies = sync.pipeline({{"ZSCORE", config_.key_prefix + "cw:" + a_, b_},
                                {"ZSCORE", config_.key_prefix + "cw:" + a_, c},
                                {"ZSCORE", config_.key_prefix + "cw:" + c, b_}});
  ASSERT_TRUE(replies);
  for (const auto& score : *replies)
    EXPECT_EQ(score.as_double(), 1.0);
  EXPECT_EQ(hash(config_.key_prefix + "sv:eu")["session_starts"], "61");  // one per viewer
}

TEST_F(EventIngestTest, AViewerStartsASessionOnlyAfterTheSessionGap) {
  ASSERT_EQ(post_each({watch("u1", a_, 5'000)}).status, 200);
  clock_.seconds += config_.effects.session_gap_s - 60;
  ASSERT_EQ(post_each({watch("u1", b_, 5'000)}).status, 200);
  EXPECT_EQ(hash(config_.key_prefix + "sv:eu")["session_starts"], "1");
  clock_.seconds += config_.effects.session_gap_s + 1;
  ASSERT_EQ(post_each({watch("u1", a_, 5'000), watch("u2", a_, 5'000)}).status, 200);
  EXPECT_EQ(hash(config_.key_prefix + "sv:eu")["session_starts"], "3");
  // Within one batch, a watch after the gap starts a session too.
  nlohmann::json late = watch("u2", b_, 5'000);
  late["ts_ms"] = (clock_.seconds + config_.effects.session_gap_s + 1) * 1000;
  clock_.seconds += config_.effects.session_gap_s + 1;
  nlohmann::json early = watch("u2", a_, 5'000);
  early["ts_ms"] = (clock_.seconds - config_.effects.session_gap_s - 1) * 1000;
  ASSERT_EQ(post_each({early, late}).status, 200);
  EXPECT_EQ(hash(config_.key_prefix + "sv:eu")["session_starts"], "5");
  core::redis::SyncClient sync(redis_server_.endpoint());
  auto replies = sync.pipeline({{"ZSCORE", config_.key_prefix + "act:eu", "u2"}});
  ASSERT_TRUE(replies);
  EXPECT_EQ((*replies)[0].as_double(), static_cast<double>(late["ts_ms"].get<int64_t>()));
}

TEST_F(EventIngestTest, ARefusedActiveMarkFailsTheBatchBeforeItsWrites) {
  core::redis::SyncClient sync(redis_server_.endpoint());
  ASSERT_TRUE(sync.pipeline({{"SET", config_.key_prefix + "act:eu", "not a zset"}}));
  FeedReply reply = post_each({watch("u1", a_, 5'000)});
  EXPECT_EQ(reply.status, 500);
  EXPECT_EQ(reply.body["accepted"], 0);
  EXPECT_TRUE(hash(config_.key_prefix + "v:" + a_).empty());
  EXPECT_EQ(metrics_.counter(families::kBatches, {"redis_error"}).value(), 1u);
  ASSERT_TRUE(sync.pipeline({{"DEL", config_.key_prefix + "act:eu"}}));
  EXPECT_EQ(post_each({watch("u1", a_, 5'000)}).status, 200);
  EXPECT_EQ(hash(config_.key_prefix + "v:" + a_)["views"], "1");
}

TEST_F(EventIngestTest, BadEventsAreRefusedOneByOneWithTheirReason) {
  nlohmann::json batch =
      nlohmann::json::array({watch("u1", a_, 5'000),
                             watch("bad user!", a_, 5'000),
                             watch("u1", "nosuchvideo", 5'000),
                             watch("u1", a_, -1),
                             watch("u1", a_, 5'000, "eu", 0),
                             {{"user", "u1"}, {"video", a_}, {"action", "dance"}},
                             42,
                             {{"user", "u1"}, {"video", a_}, {"action", "like"}, {"ts_ms", 1}}});
  FeedReply reply = post(batch);
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body["accepted"], 1);
  std::vector<std::string> reasons;
  for (const auto& r : reply.body["rejected"])
    reasons.push_back(r["error"]);
  EXPECT_EQ(reasons, (std::vector<std::string>{"bad user id", "unknown video", "absurd watch_ms",
                                               "absurd duration_ms", "bad action", "not an object",
                                               "ts_ms out of range"}));
  EXPECT_EQ(reply.body["rejected"][0]["index"], 1);
  EXPECT_EQ(hash(config_.key_prefix + "v:" + a_)["views"], "1");
  EXPECT_EQ(metrics_.counter(families::kEventsKept).value(), 1u);
  EXPECT_EQ(metrics_.counter(families::kEventsRefused, {"unknown_video"}).value(), 1u);
  EXPECT_EQ(metrics_.counter(families::kEventsRefused, {"ts_ms_out_of_range"}).value(), 1u);
}

TEST_F(EventIngestTest, MalformedAndOversizedBatchesAreRefusedWhole) {
  FeedReply reply = wait_for([&](const ReplyDone& done) { worker_->ingest("{not json", done); });
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(reply.body["error"], "body is not JSON");
  reply = wait_for([&](const ReplyDone& done) { worker_->ingest(R"({"x": 1})", done); });
  EXPECT_EQ(reply.status, 400);
  nlohmann::json big = nlohmann::json::array();
  for (std::size_t i = 0; i <= config_.max_batch_events; ++i)
    big.push_back(watch("u1", a_, 5'000));
  reply = post(big);
  EXPECT_EQ(reply.status, 413);
  EXPECT_TRUE(hash(config_.key_prefix + "v:" + a_).empty());
  reply = post(nlohmann::json::array({watch("u1", "nosuchvideo", 1)}));
  EXPECT_EQ(reply.status, 400);
}

TEST_F(EventIngestTest, RedisDownRefusesWith503AndRecoveryIsAutomatic) {
  redis_server_.kill();
  FeedReply reply = post_each({watch("u1", a_, 5'000)});
  EXPECT_EQ(reply.status, 503);
  EXPECT_EQ(metrics_.counter(families::kEventsRefused, {"redis_unavailable"}).value(), 1u);
  EXPECT_NE(reply.body["error"].get<std::string>().find("redis"), std::string::npos);
  ASSERT_TRUE(redis_server_.start());
  for (int attempt = 0; attempt < 200 && reply.status != 200; ++attempt) {
    spin(std::chrono::milliseconds(20));
    reply = post_each({watch("u1", a_, 5'000)});
  }
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(hash(config_.key_prefix + "v:" + a_)["views"], "1");
}

}  // namespace
}  // namespace origin::feed
