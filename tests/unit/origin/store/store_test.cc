// The store against real LMDB files in a temp dir: persistence across reopen, the job queue's
// recovery after a crash, retries, quota accounting and upload range bookkeeping.
#include "origin/store/store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "origin/store/ids.h"

namespace origin::store {
namespace {

class FakeClock final : public core::base::Clock {
 public:
  std::chrono::steady_clock::time_point now() const override {
    return std::chrono::steady_clock::time_point(std::chrono::seconds(seconds));
  }
  int64_t unix_seconds() const override { return seconds; }
  int64_t seconds = 1'700'000'000;
};

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("origin-store-test-" + std::to_string(::getpid()) + "-" + new_id());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<Store> open(int64_t quota = 1'000'000) {
    StoreConfig config;
    config.dir = dir_;
    config.map_bytes = size_t{16} << 20;
    config.creator_quota_bytes = quota;
    config.clock = &clock_;
    auto store = Store::open(config);
    EXPECT_TRUE(store.has_value()) << (store ? "" : store.error().what);
    return store ? std::move(*store) : nullptr;
  }

  // An upload of `size` bytes received in full and completed.
  std::string completed_upload(Store& store, int64_t size = 10) {
    auto upload = store.create_upload("alice", size);
    EXPECT_TRUE(upload.has_value());
    auto got = store.receive(upload->id, {0, size - 1}, size,
                             [] { return std::expected<void, std::string>(); });
    EXPECT_TRUE(got.has_value());
    auto video = store.complete_upload(upload->id, {"alice", "t", {"a"}, "00"});
    EXPECT_TRUE(video.has_value());
    return upload->id;
  }

  static std::expected<void, std::string> no_write() { return {}; }

  std::filesystem::path dir_;
  FakeClock clock_;
};

TEST_F(StoreTest, IdsAreElevenBase62CharactersAndDistinct) {
  std::string a = new_id();
  std::string b = new_id();
  EXPECT_TRUE(is_valid_id(a));
  EXPECT_TRUE(is_valid_id(b));
  EXPECT_NE(a, b);
  EXPECT_FALSE(is_valid_id("short"));
  EXPECT_FALSE(is_valid_id("../../etc/x"));
}

TEST_F(StoreTest, VideosAndUploadsSurviveReopen) {
  std::string id;
  {
    auto store = open();
    id = completed_upload(*store);
  }
  auto store = open();
  auto video = store->get_video(id);
  ASSERT_TRUE(video.has_value());
  EXPECT_EQ(video->status, VideoStatus::kProcessing);
  EXPECT_EQ(video->creator, "alice");
  EXPECT_EQ(video->hashtags, std::vector<std::string>{"a"});
  auto upload = store->get_upload(id);
  ASSERT_TRUE(upload.has_value());
  EXPECT_TRUE(upload->completed);
  EXPECT_EQ(upload->sha256, "00");
}

TEST_F(StoreTest, ChunksAreRecordedRepeatsAreIdempotentAndOverlapsRefused) {
  auto store = open();
  auto upload = store->create_upload("alice", std::nullopt);
  ASSERT_TRUE(upload.has_value());
  int writes = 0;
  auto write = [&writes] {
    ++writes;
    return std::expected<void, std::string>();
  };
  ASSERT_TRUE(store->receive(upload->id, {0, 4}, 10, write).has_value());
  auto repeat = store->receive(upload->id, {0, 4}, 10, write);
  ASSERT_TRUE(repeat.has_value());
  EXPECT_TRUE(repeat->repeat);
  EXPECT_EQ(writes, 1);
  auto overlap = store->receive(upload->id, {3, 6}, 10, write);
  ASSERT_FALSE(overlap.has_value());
  EXPECT_EQ(overlap.error().code, ErrorCode::kOutOfRange);
  auto other_total = store->receive(upload->id, {5, 9}, 11, write);
  ASSERT_FALSE(other_total.has_value());
  EXPECT_EQ(other_total.error().code, ErrorCode::kOutOfRange);
  auto beyond = store->receive(upload->id, {5, 10}, 10, write);
  ASSERT_FALSE(beyond.has_value());
  EXPECT_EQ(beyond.error().code, ErrorCode::kOutOfRange);
  auto incomplete = store->complete_upload(upload->id, {"alice", "t", {}, "00"});
  ASSERT_FALSE(incomplete.has_value());
  EXPECT_EQ(incomplete.error().code, ErrorCode::kIncomplete);
  auto rest = store->receive(upload->id, {5, 9}, 10, write);
  ASSERT_TRUE(rest.has_value());
  EXPECT_TRUE(rest->upload.received.covers(10));
  EXPECT_EQ(writes, 2);
  auto other_creator = store->complete_upload(upload->id, {"bob", "t", {}, "00"});
  ASSERT_FALSE(other_creator.has_value());
  EXPECT_EQ(other_creator.error().code, ErrorCode::kConflict);
  ASSERT_TRUE(store->complete_upload(upload->id, {"alice", "t", {}, "00"}).has_value());
  auto late = store->receive(upload->id, {0, 1}, 10, write);
  ASSERT_FALSE(late.has_value());
  EXPECT_EQ(late.error().code, ErrorCode::kConflict);
}

TEST_F(StoreTest, AFailedWriteRecordsNothing) {
  auto store = open();
  auto upload = store->create_upload("alice", 10);
  ASSERT_TRUE(upload.has_value());
  auto failed = store->receive(upload->id, {0, 4}, 10, [] {
    return std::expected<void, std::string>(std::unexpected("disk full"));
  });
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().code, ErrorCode::kStorage);
  EXPECT_EQ(store->get_upload(upload->id)->received.bytes(), 0);
}

TEST_F(StoreTest, QuotaIsChargedOnSizeAndReleasedOnDelete) {
  auto store = open(100);
  auto first = store->create_upload("alice", 60);
  ASSERT_TRUE(first.has_value());
  auto second = store->create_upload("alice", 50);
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().code, ErrorCode::kQuotaExceeded);
  // A size learnt from the first chunk is charged then.
  auto unsized = store->create_upload("alice", std::nullopt);
  ASSERT_TRUE(unsized.has_value());
  auto chunk = store->receive(unsized->id, {0, 9}, 50, no_write);
  ASSERT_FALSE(chunk.has_value());
  EXPECT_EQ(chunk.error().code, ErrorCode::kQuotaExceeded);
  EXPECT_TRUE(store->create_upload("bob", 50).has_value());
  EXPECT_EQ(store->get_creator("alice")->used_bytes, 60);
  ASSERT_TRUE(store->delete_video(first->id).has_value());
  EXPECT_EQ(store->get_creator("alice")->used_bytes, 0);
  EXPECT_TRUE(store->receive(unsized->id, {0, 9}, 50, no_write).has_value());
  EXPECT_EQ(store->get_creator("alice")->used_bytes, 50);
}

TEST_F(StoreTest, ARunningJobIsQueuedAgainAfterARestart) {
  std::string id;
  {
    auto store = open();
    id = completed_upload(*store);
    auto claimed = store->claim_job();
    ASSERT_TRUE(claimed.has_value());
    ASSERT_TRUE(claimed->has_value());
    EXPECT_EQ((*claimed)->video, id);
    EXPECT_EQ((*claimed)->attempts, 1);
    EXPECT_FALSE(store->claim_job()->has_value());  // running: not claimed twice
  }                                                 // the process "dies" with the job running
  auto store = open();
  EXPECT_FALSE(store->claim_job()->has_value());  // still marked running until recovered
  ASSERT_TRUE(store->recover_jobs().has_value());
  auto claimed = store->claim_job();
  ASSERT_TRUE(claimed.has_value() && claimed->has_value());
  EXPECT_EQ((*claimed)->video, id);
  EXPECT_EQ((*claimed)->attempts, 2);
  auto ready = store->finish_ready(id, {1500, 640, 360, {"360p"}});
  ASSERT_TRUE(ready.has_value());
  EXPECT_EQ(ready->status, VideoStatus::kReady);
  EXPECT_TRUE(store->jobs()->empty());
  EXPECT_EQ(store->get_video(id)->renditions, std::vector<std::string>{"360p"});
}

TEST_F(StoreTest, RetriesWaitForTheirTimeAndFailuresKeepTheReason) {
  auto store = open();
  std::string id = completed_upload(*store);
  ASSERT_TRUE(store->claim_job()->has_value());
  ASSERT_TRUE(store->retry_job(id, clock_.seconds + 5, "decoder hiccup").has_value());
  EXPECT_FALSE(store->claim_job()->has_value());
  EXPECT_EQ(*store->next_due().value(), clock_.seconds + 5);
  clock_.seconds += 5;
  auto again = store->claim_job();
  ASSERT_TRUE(again.has_value() && again->has_value());
  EXPECT_EQ((*again)->attempts, 2);
  EXPECT_EQ((*again)->last_error, "decoder hiccup");
  auto failed = store->fail_job(id, "not a video file");
  ASSERT_TRUE(failed.has_value());
  EXPECT_EQ(store->get_video(id)->status, VideoStatus::kFailed);
  EXPECT_EQ(store->get_video(id)->reason, "not a video file");
  EXPECT_FALSE(store->next_due()->has_value());
}

TEST_F(StoreTest, RequeueGivesTheAttemptBack) {
  auto store = open();
  std::string id = completed_upload(*store);
  ASSERT_TRUE(store->claim_job()->has_value());
  ASSERT_TRUE(store->requeue_job(id).has_value());
  auto again = store->claim_job();
  ASSERT_TRUE(again.has_value() && again->has_value());
  EXPECT_EQ((*again)->attempts, 1);
}

TEST_F(StoreTest, DeletingAVideoDropsItsJobAndFinishingThenSaysNotFound) {
  auto store = open();
  std::string id = completed_upload(*store);
  ASSERT_TRUE(store->claim_job()->has_value());
  ASSERT_TRUE(store->delete_video(id).has_value());
  EXPECT_TRUE(store->jobs()->empty());
  auto finished = store->finish_ready(id, {1, 1, 1, {}});
  ASSERT_FALSE(finished.has_value());
  EXPECT_EQ(finished.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store->get_video(id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store->get_upload(id).error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace origin::store

namespace origin::store {
namespace {

TEST_F(StoreTest, CatalogHoldsReadyVideosOnlyAndImportsRefuseDuplicates) {
  auto store = open();
  uint64_t before = store->change_stamp();
  std::string processing = completed_upload(*store);
  EXPECT_NE(store->change_stamp(), before);
  Video imported;
  imported.id = new_id();
  imported.creator = "bob";
  imported.hashtags = {"cats"};
  imported.status = VideoStatus::kReady;
  imported.renditions = {"360p"};
  ASSERT_TRUE(store->import_video(imported));
  auto again = store->import_video(imported);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  Video not_ready = imported;
  not_ready.id = new_id();
  not_ready.status = VideoStatus::kProcessing;
  EXPECT_EQ(store->import_video(not_ready).error().code, ErrorCode::kOutOfRange);
  auto ready = store->ready_videos();
  ASSERT_TRUE(ready);
  ASSERT_EQ(ready->size(), 1u);
  EXPECT_EQ(ready->front().id, imported.id);
  EXPECT_EQ(ready->front().hashtags, std::vector<std::string>{"cats"});
}

TEST_F(StoreTest, TrendingSurvivesReopen) {
  {
    auto store = open();
    ASSERT_TRUE(store->put_trending({{"eu", {{"a", 3.5}, {"b", 1e-7}}}, {"us", {}}}));
    ASSERT_TRUE(store->put_trending({{"us", {{"c", 2.0}}}}));
  }
  auto store = open();
  auto trending = store->trending();
  ASSERT_TRUE(trending);
  ASSERT_EQ(trending->size(), 2u);
  EXPECT_EQ((*trending)[0].first, "eu");
  ASSERT_EQ((*trending)[0].second.size(), 2u);
  EXPECT_EQ((*trending)[0].second[1].first, "b");
  EXPECT_DOUBLE_EQ((*trending)[0].second[1].second, 1e-7);
  EXPECT_EQ((*trending)[1].second, (Store::Trending{{"c", 2.0}}));
}

}  // namespace
}  // namespace origin::store
