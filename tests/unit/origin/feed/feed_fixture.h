// A feed world for the tests: a real redis-server, a real LMDB store with an imported catalog,
// the refresher, and one worker's FeedWorker on a libevent loop driven by the test.
#pragma once

#include <event2/event.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/base/unique_handle.h"
#include "core/log/logger.h"
#include "core/redis/async_client.h"
#include "core/redis/sync_client.h"
#include "origin/feed/candidate_cache.h"
#include "origin/feed/feed_worker.h"
#include "origin/feed/refresher.h"
#include "origin/store/ids.h"
#include "origin/store/store.h"
#include "tests/unit/support/redis_server.h"

namespace origin::feed {

class SettableClock final : public core::base::Clock {
 public:
  std::chrono::steady_clock::time_point now() const override {
    return std::chrono::steady_clock::time_point(std::chrono::seconds(seconds));
  }
  int64_t unix_seconds() const override { return seconds; }
  int64_t seconds = 1'790'000'000;
};

class FeedTest : public ::testing::Test {
 protected:
  explicit FeedTest(std::vector<std::string> redis_args = {})
      : redis_server_(std::move(redis_args)) {
    dir_ = std::filesystem::temp_directory_path() /
           ("origin-feed-test-" + std::to_string(::getpid()) + "-" + store::new_id());
    config_.redis = redis_server_.endpoint();
    config_.refresh_interval = std::chrono::hours(1);  // the tests refresh by hand
    config_.redis_timeout = std::chrono::milliseconds(1'000);
  }
  ~FeedTest() override { std::filesystem::remove_all(dir_); }

  void SetUp() override {
    store::StoreConfig config;
    config.dir = dir_;
    config.map_bytes = size_t{64} << 20;
    config.clock = &clock_;
    auto opened = store::Store::open(config);
    ASSERT_TRUE(opened) << opened.error().what;
    store_ = std::move(*opened);
  }

  // A ready video of `creator` with `hashtags`, created `age_s` ago.
  std::string add_video(const std::string& creator, std::vector<std::string> hashtags,
                        int64_t age_s = 86'400, int64_t duration_ms = 10'000) {
    store::Video video;
    video.id = store::new_id();
    video.creator = creator;
    video.hashtags = std::move(hashtags);
    video.duration_ms = duration_ms;
    video.renditions = {"360p", "720p"};
    video.status = store::VideoStatus::kReady;
    video.created_s = video.updated_s = clock_.seconds - age_s;
    EXPECT_TRUE(store_->import_video(video));
    return video.id;
  }

  // Starts the refresher, the Redis connection and the worker (after the catalog is made).
  void start() {
    refresher_ = std::make_unique<Refresher>(config_, *store_, board_, clock_, log_);
    core::redis::ClientOptions options{.command_timeout = config_.redis_timeout,
                                       .reconnect_min = std::chrono::milliseconds(20),
                                       .reconnect_max = std::chrono::milliseconds(100)};
    client_ = std::make_unique<core::redis::AsyncClient>(loop_.get(), config_.redis, options);
    worker_ = std::make_unique<FeedWorker>(FeedShared{config_, board_, cache_, clock_}, *client_,
                                           metrics_);
  }

  // Runs the loop until the reply comes; the bound only keeps a broken worker from hanging.
  template <typename Start>
  FeedReply wait_for(Start start) {
    std::optional<FeedReply> reply;
    start([&](FeedReply r) { reply = std::move(r); });
    auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!reply && std::chrono::steady_clock::now() < give_up)
      event_base_loop(loop_.get(), EVLOOP_ONCE);
    if (!reply) return {599, {{"error", "test gave up"}}};
    return std::move(*reply);
  }

  FeedReply post(const nlohmann::json& events) {
    return wait_for([&](const ReplyDone& done) { worker_->ingest(events.dump(), done); });
  }
  FeedReply post_each(const std::vector<nlohmann::json>& events) {
    return post(nlohmann::json(events));
  }
  FeedReply feed(const std::string& user, std::size_t count, const std::string& cursor = "",
                 const std::string& region = "eu") {
    return wait_for([&](ReplyDone done) {
      worker_->viewer_feed({user, region, count, cursor}, std::move(done));
    });
  }
  FeedReply region_feed(const std::string& region, std::size_t count, double horizon_s = 60) {
    return wait_for(
        [&](ReplyDone done) { worker_->region_feed(region, count, horizon_s, std::move(done)); });
  }

  static nlohmann::json watch(const std::string& user, const std::string& video, int64_t watch_ms,
                              const std::string& region = "eu", int64_t duration_ms = 10'000) {
    return {{"user", user},         {"video", video},
            {"watch_ms", watch_ms}, {"duration_ms", duration_ms},
            {"action", "view"},     {"region", region}};
  }

  static std::vector<std::string> ids(const FeedReply& reply) {
    std::vector<std::string> out;
    for (const auto& item : reply.body["items"])
      out.push_back(item["video"]);
    return out;
  }

  // Runs the loop for a while (reconnections), without waiting on anything in particular.
  void spin(std::chrono::milliseconds duration) {
    timeval tv{0, static_cast<suseconds_t>(duration.count() * 1000)};
    event_base_loopexit(loop_.get(), &tv);
    event_base_dispatch(loop_.get());
  }

  testsupport::RedisServer redis_server_;
  std::filesystem::path dir_;
  SettableClock clock_;
  core::log::Logger log_{"-", core::log::Level::kError};
  FeedConfig config_;
  std::unique_ptr<store::Store> store_;
  SnapshotBoard board_;
  CandidateCache cache_{1'000};
  core::metrics::Registry metrics_;
  core::base::UniqueHandle<event_base, event_base_free> loop_{event_base_new()};
  std::unique_ptr<Refresher> refresher_;
  std::unique_ptr<core::redis::AsyncClient> client_;
  std::unique_ptr<FeedWorker> worker_;
};

}  // namespace origin::feed
