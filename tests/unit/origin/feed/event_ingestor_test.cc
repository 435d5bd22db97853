// The event ingestor's own thread: batches handed over from other threads are applied to a real
// Redis and answered on the ingestor's thread, and stopping it with batches in flight returns.
#include "origin/feed/event_ingestor.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "origin/feed/feed_metrics.h"
#include "tests/unit/origin/feed/feed_fixture.h"

namespace origin::feed {
namespace {

class EventIngestorTest : public FeedTest {
 protected:
  void SetUp() override {
    FeedTest::SetUp();
    video_ = add_video("alice", {"cats"});
    start();
  }

  std::string batch_of_views(const std::string& viewer_prefix, int views) {
    nlohmann::json batch = nlohmann::json::array();
    for (int i = 0; i < views; ++i)
      batch.push_back(watch(viewer_prefix + std::to_string(i), video_, 4'000));
    return batch.dump();
  }

  int64_t views_in_redis() {
    core::redis::SyncClient sync(redis_server_.endpoint());
    auto replies = sync.pipeline({{"HGET", config_.key_prefix + "v:" + video_, "views"}});
    return replies ? replies->front().as_integer().value_or(0) : -1;
  }

  std::string video_;
};

TEST_F(EventIngestorTest, BatchesFromManyThreadsAreAppliedAndAnsweredOnItsThread) {
  auto ingestor = EventIngestor::start(FeedShared{config_, board_, cache_, clock_});
  ASSERT_TRUE(ingestor);
  std::mutex mutex;
  std::condition_variable answered_cv;
  int answered = 0;
  int64_t accepted = 0;
  bool answered_elsewhere = true;
  std::vector<std::thread> senders;
  for (int t = 0; t < 4; ++t) {
    senders.emplace_back([&, t] {
      for (int b = 0; b < 5; ++b) {
        std::string prefix = "u" + std::to_string(t) + "-" + std::to_string(b) + "-";
        std::thread::id sender = std::this_thread::get_id();
        ingestor->submit(batch_of_views(prefix, 10), [&, sender](FeedReply reply) {
          std::lock_guard lock(mutex);
          ++answered;
          if (reply.status == 200) accepted += reply.body["accepted"].get<int64_t>();
          answered_elsewhere = answered_elsewhere && std::this_thread::get_id() != sender;
          answered_cv.notify_all();
        });
      }
    });
  }
  for (std::thread& sender : senders)
    sender.join();
  std::unique_lock lock(mutex);
  ASSERT_TRUE(answered_cv.wait_for(lock, std::chrono::seconds(20), [&] { return answered == 20; }))
      << answered << " of 20 batches answered";
  EXPECT_EQ(accepted, 200);
  EXPECT_TRUE(answered_elsewhere);
  EXPECT_EQ(views_in_redis(), 200);
}

TEST_F(EventIngestorTest, BatchesBeyondThoseWaitingForRedisAreAnsweredBusyAtOnce) {
  config_.max_batches_waiting = 2;
  config_.redis_timeout = std::chrono::seconds(30);
  std::mutex mutex;
  std::condition_variable answered_cv;
  std::vector<int> statuses;
  auto answer = [&](const FeedReply& reply) {
    std::lock_guard lock(mutex);
    statuses.push_back(reply.status);
    answered_cv.notify_all();
  };
  // After what its thread's answers touch, so that it stops first.
  auto ingestor = EventIngestor::start(FeedShared{config_, board_, cache_, clock_});
  ASSERT_TRUE(ingestor);
  redis_server_.pause();
  ingestor->submit(batch_of_views("a", 5), answer);
  ingestor->submit(batch_of_views("b", 5), answer);
  FeedReply busy;
  ingestor->submit(batch_of_views("c", 5), [&](FeedReply reply) { busy = std::move(reply); });
  EXPECT_EQ(busy.status, 503);
  EXPECT_NE(busy.body.value("error", std::string()).find("retry"), std::string::npos);
  redis_server_.resume();
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(
        answered_cv.wait_for(lock, std::chrono::seconds(20), [&] { return statuses.size() == 2; }));
    EXPECT_EQ(statuses, (std::vector<int>{200, 200}));
  }
  ingestor->submit(batch_of_views("d", 5), answer);
  std::unique_lock lock(mutex);
  ASSERT_TRUE(
      answered_cv.wait_for(lock, std::chrono::seconds(20), [&] { return statuses.size() == 3; }));
  EXPECT_EQ(statuses.back(), 200);
  EXPECT_EQ(views_in_redis(), 15);
  core::metrics::Exposition exposition;
  exposition.add(ingestor->metrics());
  EXPECT_NE(exposition.render().find("origin_event_batches_total{outcome=\"busy\"} 1\n"),
            std::string::npos)
      << exposition.render();
  exposition.remove(ingestor->metrics());
}

// Crashes, hangs and leaks are what this looks for (under the sanitizers, with ctest's timeout).
TEST_F(EventIngestorTest, StoppingWithBatchesInFlightReturns) {
  auto ingestor = EventIngestor::start(FeedShared{config_, board_, cache_, clock_});
  ASSERT_TRUE(ingestor);
  std::atomic<int> answered = 0;
  for (int b = 0; b < 50; ++b) {
    ingestor->submit(batch_of_views("v" + std::to_string(b) + "-", 20),
                     [&](const FeedReply&) { ++answered; });
  }
  ingestor.reset();
  EXPECT_LE(answered.load(), 50);
  EXPECT_LE(views_in_redis(), 1'000);
}

}  // namespace
}  // namespace origin::feed
