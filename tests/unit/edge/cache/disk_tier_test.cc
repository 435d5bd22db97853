// The disk tier on real files and a real LMDB index: storing and reading, exact S3-FIFO
// eviction within the byte budget, persistence and recency across reopen, recovery's clean-up,
// aborted and mismatched writes, purges, kept descriptors and reads on the loop.
#include "edge/cache/disk_tier.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/magic.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <fstream>

#include "disk_test_support.h"
#include "edge/cache/cache_metrics.h"
#include "edge/cache/disk_paths.h"
#include "edge/cache/page_cache_probe.h"

namespace edge::cache {
namespace {

using testing::body_for;
using testing::count_files;
using testing::found_uncached_after_drop;
using testing::read_all;
using testing::store;

class DiskTierTest : public ::testing::Test {
 protected:
  std::unique_ptr<DiskTier> open(uint64_t budget = 1 << 20) {
    DiskConfig config;
    config.dir = dir_.path() / "cache";
    config.budget_bytes = budget;
    config.clock = &clock_;
    auto tier = DiskTier::open(config, registry_);
    EXPECT_TRUE(tier) << (tier ? "" : tier.error());
    return tier ? std::move(*tier) : nullptr;
  }
  uint64_t failed(WriteFailure reason) {
    return registry_.counter(families::kDiskWritesFailed, {to_label(reason)}).value();
  }
  std::filesystem::path cache_dir() const { return dir_.path() / "cache"; }

  testing::TempDir dir_;
  testing::FakeClock clock_;
  core::metrics::Registry registry_;
  testing::TestLoop loop_;
};

TEST_F(DiskTierTest, StoresAndReadsWholeAndByRange) {
  auto tier = open();
  ASSERT_TRUE(store(*tier, "/v/a/seg_0.m4s", 600'000, "H", kFlagWarmed));
  auto entry = tier->find("/v/a/seg_0.m4s");
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->size, 600'000u);
  EXPECT_EQ(entry->head, "H");
  EXPECT_EQ(entry->flags, kFlagWarmed);
  EXPECT_EQ(entry->stored_at, clock_.unix_seconds());
  EXPECT_EQ(read_all(*tier, loop_, entry).value(), body_for("/v/a/seg_0.m4s", 600'000));

  std::optional<std::expected<core::http::Chunk, std::string>> part;
  tier->read(entry, 1000, 10'000'000, loop_.mailbox(), [&](auto r) { part = std::move(r); });
  loop_.run_until([&] { return part.has_value(); });
  ASSERT_TRUE(*part);
  EXPECT_EQ((*part)->bytes.size(), DiskTier::kMaxReadBytes);
  EXPECT_EQ((*part)->bytes,
            body_for("/v/a/seg_0.m4s", 600'000).substr(1000, DiskTier::kMaxReadBytes));

  std::optional<std::expected<DiskTier::SendFd, std::string>> fd;
  tier->open_for_send(entry, 0, 600'000, loop_.mailbox(), [&](auto r) { fd = std::move(r); });
  loop_.run_until([&] { return fd.has_value(); });
  ASSERT_TRUE(*fd);
  EXPECT_EQ(::lseek((**fd)->get(), 0, SEEK_END), 600'000);

  EXPECT_EQ(tier->stats().objects, 1u);
  EXPECT_EQ(tier->stats().bytes, 600'000u);
  EXPECT_EQ(registry_.gauge(families::kDiskBytes).value(), 600'000);
  EXPECT_FALSE(tier->find("/v/a/seg_1.m4s"));
}

TEST_F(DiskTierTest, EvictsInS3FifoOrderDownToTheLowWatermark) {
  auto tier = open(1000);  // high 950, low 900; small queue 100
  for (std::string hot : {"h0", "h1"}) {
    ASSERT_TRUE(store(*tier, hot, 100));
    ASSERT_TRUE(tier->find(hot));
  }
  // One-hit wonders: at 1000 bytes (s7) h0 and h1 move to main and s0 goes; from then on each
  // new one pushes out the oldest in small. An LRU would have evicted h0 and h1 instead.
  for (int i = 0; i < 20; ++i)
    ASSERT_TRUE(store(*tier, "s" + std::to_string(i), 100));
  EXPECT_EQ(tier->stats().bytes, 900u);
  EXPECT_EQ(tier->stats().evictions, 13u);
  // 900 + 250 = 1150: s13 (1050), s14 (950), s15 (850) leave small.
  ASSERT_TRUE(store(*tier, "big", 250));
  EXPECT_EQ(tier->stats().bytes, 850u);
  EXPECT_EQ(tier->stats().evictions, 16u);
  for (int i = 0; i < 16; ++i)
    EXPECT_FALSE(tier->find("s" + std::to_string(i))) << i;
  for (std::string kept : {"h0", "h1", "s16", "s17", "s18", "s19", "big"}) {
    auto entry = tier->find(kept);
    ASSERT_TRUE(entry) << kept;
    EXPECT_EQ(read_all(*tier, loop_, entry).value(), body_for(kept, entry->size));
  }
  EXPECT_EQ(registry_.counter(families::kDiskEvictions).value(), 16u);
  // Evicted files and records are gone too.
  EXPECT_EQ(count_files(cache_dir() / "objects"), 7u);
  tier.reset();
  tier = open(1000);
  EXPECT_EQ(tier->stats().objects, 7u);
  EXPECT_EQ(tier->stats().bytes, 850u);
  EXPECT_EQ(tier->stats().recovered_dropped, 0u);
}

TEST_F(DiskTierTest, PersistsAcrossReopen) {
  {
    auto tier = open();
    ASSERT_TRUE(store(*tier, "/v/a/index.m3u8", 1234, "playlist head", 0));
    ASSERT_TRUE(store(*tier, "/v/a/seg_0.m4s", 300'000, "segment head", kFlagWarmed));
    tier->update_head("/v/a/index.m3u8", "refreshed head");
  }
  auto tier = open();
  auto playlist = tier->find("/v/a/index.m3u8");
  auto segment = tier->find("/v/a/seg_0.m4s");
  ASSERT_TRUE(playlist && segment);
  EXPECT_EQ(playlist->head, "refreshed head");
  EXPECT_EQ(segment->head, "segment head");
  EXPECT_EQ(segment->flags, kFlagWarmed);
  EXPECT_EQ(segment->stored_at, clock_.unix_seconds());
  EXPECT_EQ(read_all(*tier, loop_, segment).value(), body_for("/v/a/seg_0.m4s", 300'000));
  EXPECT_EQ(read_all(*tier, loop_, playlist).value(), body_for("/v/a/index.m3u8", 1234));
  // New ids never reuse old ones.
  ASSERT_TRUE(store(*tier, "/v/b/seg_0.m4s", 10));
  EXPECT_GT(tier->find("/v/b/seg_0.m4s")->id, std::max(playlist->id, segment->id));
}

TEST_F(DiskTierTest, RecencySurvivesReopen) {
  {
    auto tier = open(1000);
    for (std::string key : {"a", "b", "c", "d"})
      ASSERT_TRUE(store(*tier, key, 220));
    ASSERT_TRUE(tier->find("a"));
    ASSERT_TRUE(tier->find("b"));
  }
  // Recovered entries enter main in order of last access: c d a b, c first to leave.
  auto tier = open(1000);
  // 880 + 90 = 970 > 950; small (e, 90 bytes) is within its share of 100, so main gives c,
  // then 750 <= 900.
  ASSERT_TRUE(store(*tier, "e", 90));
  EXPECT_EQ(tier->stats().evictions, 1u);
  EXPECT_EQ(tier->stats().bytes, 750u);
  EXPECT_FALSE(tier->find("c"));
  for (std::string key : {"a", "b", "d", "e"})
    EXPECT_TRUE(tier->find(key)) << key;
}

TEST_F(DiskTierTest, RecoveryRemovesTempsOrphansAndRecordsWithoutSoundFiles) {
  uint64_t missing_id = 0;
  uint64_t truncated_id = 0;
  {
    auto tier = open();
    for (std::string key : {"keep", "missing", "truncated", "orphan"}) {
      ASSERT_TRUE(store(*tier, key, 5000));
    }
    missing_id = tier->find("missing")->id;
    truncated_id = tier->find("truncated")->id;
  }
  DiskPaths paths(cache_dir());
  std::filesystem::remove(paths.object_file(missing_id));
  std::filesystem::resize_file(paths.object_file(truncated_id), 4000);
  std::ofstream(paths.tmp_file(99)) << "half written";
  uint64_t orphan_id = 1'000'000;
  std::filesystem::create_directories(paths.object_dir(orphan_id));
  std::ofstream(paths.object_file(orphan_id)) << "renamed, never indexed";

  auto tier = open();
  EXPECT_EQ(tier->stats().recovered_dropped, 2u);
  EXPECT_EQ(registry_.counter(families::kDiskRecoveredDropped).value(), 2u);
  EXPECT_FALSE(tier->find("missing"));
  EXPECT_FALSE(tier->find("truncated"));
  EXPECT_TRUE(tier->find("keep"));
  EXPECT_TRUE(tier->find("orphan"));
  EXPECT_FALSE(std::filesystem::exists(paths.object_file(orphan_id)));
  EXPECT_FALSE(std::filesystem::exists(paths.object_file(truncated_id)));
  EXPECT_EQ(count_files(paths.tmp_dir()), 0u);
  EXPECT_EQ(count_files(paths.objects_dir()), 2u);
  EXPECT_EQ(tier->stats().objects, 2u);
}

TEST_F(DiskTierTest, ARefillReplacesTheObjectAndItsFile) {
  auto tier = open();
  ASSERT_TRUE(store(*tier, "k", 1000, "old"));
  auto old_entry = tier->find("k");
  ASSERT_TRUE(store(*tier, "k", 2000, "new"));
  auto entry = tier->find("k");
  ASSERT_TRUE(entry);
  EXPECT_NE(entry->id, old_entry->id);
  EXPECT_EQ(entry->head, "new");
  EXPECT_EQ(tier->stats().bytes, 2000u);
  EXPECT_EQ(read_all(*tier, loop_, entry).value(), body_for("k", 2000));
  EXPECT_EQ(count_files(cache_dir() / "objects"), 1u);
  tier.reset();
  tier = open();
  EXPECT_EQ(tier->find("k")->size, 2000u);
  EXPECT_EQ(tier->stats().recovered_dropped, 0u);
}

TEST_F(DiskTierTest, AWriterDestroyedWithoutCommitLeavesNothing) {
  auto tier = open();
  {
    auto writer = tier->begin("k", "h", 0);
    ASSERT_TRUE(writer);
    EXPECT_FALSE(tier->begin("k", "h", 0));  // being written already
    writer->append(core::http::Chunk::copy_of("partial body"));
  }
  tier->flush();
  EXPECT_FALSE(tier->find("k"));
  EXPECT_EQ(count_files(cache_dir() / "tmp"), 0u);
  EXPECT_EQ(count_files(cache_dir() / "objects"), 0u);
  EXPECT_EQ(registry_.counter(families::kDiskAdmissionRefused, {"busy"}).value(), 1u);
  EXPECT_TRUE(store(*tier, "k", 10));  // the key is free again
}

TEST_F(DiskTierTest, ALengthMismatchLeavesNothing) {
  auto tier = open();
  auto writer = tier->begin("k", "h", 0);
  ASSERT_TRUE(writer);
  testing::write_object(*writer, body_for("k", 1000), 1001);
  writer.reset();
  tier->flush();
  EXPECT_FALSE(tier->find("k"));
  EXPECT_EQ(failed(WriteFailure::kLengthMismatch), 1u);
  EXPECT_EQ(count_files(cache_dir() / "tmp"), 0u);
  EXPECT_EQ(count_files(cache_dir() / "objects"), 0u);
}

TEST_F(DiskTierTest, RefusesObjectsOverTheSizeLimit) {
  DiskConfig config;
  config.dir = cache_dir();
  config.budget_bytes = 1 << 20;
  config.max_object_bytes = 1000;
  auto tier = std::move(*DiskTier::open(config, registry_));
  EXPECT_FALSE(tier->begin("k", "h", 0, 1001));
  EXPECT_EQ(registry_.counter(families::kDiskAdmissionRefused, {"too_large"}).value(), 1u);
  auto writer = tier->begin("k", "h", 0);
  testing::write_object(*writer, body_for("k", 1500), 1500, 100);
  writer.reset();
  tier->flush();
  EXPECT_FALSE(tier->find("k"));
  EXPECT_EQ(failed(WriteFailure::kTooLarge), 1u);
  EXPECT_FALSE(tier->begin(std::string(600, 'x'), "h", 0));
  EXPECT_EQ(tier->stats().admissions_refused, 2u);
}

TEST_F(DiskTierTest, ErasesByKeyAndPrefix) {
  {
    auto tier = open();
    for (std::string key : {"/v/a/1", "/v/a/2", "/v/ab/1", "/v/b/1"}) {
      ASSERT_TRUE(store(*tier, key, 100));
    }
    EXPECT_EQ(tier->erase_prefix("/v/a/"), 2u);
    EXPECT_FALSE(tier->find("/v/a/1"));
    EXPECT_TRUE(tier->erase("/v/b/1"));
    EXPECT_FALSE(tier->erase("/v/b/1"));
    EXPECT_EQ(tier->stats().objects, 1u);
    // A purge aborts a write in flight for the key.
    auto writer = tier->begin("/v/a/3", "h", 0);
    ASSERT_TRUE(writer);
    writer->append(core::http::Chunk::copy_of("abc"));
    EXPECT_EQ(tier->erase_prefix("/v/a/"), 0u);
    writer->commit(3);
    writer.reset();
    tier->flush();
    EXPECT_FALSE(tier->find("/v/a/3"));
  }
  auto tier = open();
  EXPECT_EQ(tier->stats().objects, 1u);
  EXPECT_TRUE(tier->find("/v/ab/1"));
  EXPECT_EQ(count_files(cache_dir() / "objects"), 1u);
}

TEST_F(DiskTierTest, AReadAfterAnEraseReportsGoneButAnOpenFileStillReads) {
  auto tier = open();
  ASSERT_TRUE(store(*tier, "k", 5000));
  auto entry = tier->find("k");
  std::optional<std::expected<DiskTier::SendFd, std::string>> fd;
  tier->open_for_send(entry, 0, 5000, loop_.mailbox(), [&](auto r) { fd = std::move(r); });
  loop_.run_until([&] { return fd.has_value(); });
  ASSERT_TRUE(*fd);
  ASSERT_TRUE(tier->erase("k"));
  tier->flush();
  auto read = read_all(*tier, loop_, entry);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error(), "gone");
  std::string bytes(5000, '\0');
  EXPECT_EQ(::pread((**fd)->get(), bytes.data(), bytes.size(), 0), 5000);
  EXPECT_EQ(bytes, body_for("k", 5000));
}

TEST_F(DiskTierTest, AServedObjectKeepsItsDescriptorUntilItsFileIsRemoved) {
  auto tier = open();
  ASSERT_TRUE(store(*tier, "k", 5000));
  auto entry = tier->find("k");
  auto open_for_send = [&] {
    std::optional<std::expected<DiskTier::SendFd, std::string>> fd;
    tier->open_for_send(entry, 0, 5000, loop_.mailbox(), [&](auto r) { fd = std::move(r); });
    loop_.run_until([&] { return fd.has_value(); });
    return fd->value_or(nullptr);
  };
  DiskTier::SendFd first = open_for_send();
  ASSERT_TRUE(first);
  EXPECT_EQ(open_for_send(), first) << "the second hit reuses the descriptor";
  std::optional<std::expected<core::http::Chunk, std::string>> part;
  tier->read(entry, 100, 200, loop_.mailbox(), [&](auto r) { part = std::move(r); });
  loop_.run_until([&] { return part.has_value(); });
  ASSERT_TRUE(*part);
  EXPECT_EQ((*part)->bytes, body_for("k", 5000).substr(100, 200));
  tier->flush();  // the I/O thread, if it read, has let its copy go
  EXPECT_EQ(first.use_count(), 2) << "held here and by the tier";
  // Stored anew (a re-fill): the old file goes, and the tier lets its descriptor go with it.
  ASSERT_TRUE(store(*tier, "k", 4000));
  ASSERT_NE(tier->find("k")->id, entry->id);
  EXPECT_EQ(first.use_count(), 1);
}

TEST_F(DiskTierTest, AKeptObjectIsReadOnTheLoopOnlyWhileItsPagesAreCached) {
  auto tier = open();
  ASSERT_TRUE(store(*tier, "k", 300'000));
  auto entry = tier->find("k");
  std::optional<std::expected<DiskTier::SendFd, std::string>> fd;
  tier->open_for_send(entry, 0, 300'000, loop_.mailbox(), [&](auto r) { fd = std::move(r); });
  loop_.run_until([&] { return fd.has_value(); });
  ASSERT_TRUE(fd && *fd);
  const int kept = (**fd)->get();
  struct statfs fs {};
  ASSERT_EQ(::fstatfs(kept, &fs), 0);
  if (!answers_without_waiting(kept) || fs.f_type == TMPFS_MAGIC) {
    GTEST_SKIP() << "this file system cannot tell which pages are cached";
  }
  auto reads = [&](std::string_view path) {
    return registry_.counter(families::kDiskHitReads, {path}).value();
  };
  auto read_part = [&] {
    std::optional<std::expected<core::http::Chunk, std::string>> part;
    tier->read(entry, 1000, 100'000, loop_.mailbox(), [&](auto r) { part = std::move(r); });
    loop_.run_until([&] { return part.has_value(); });
    return std::move(*part).value_or(core::http::Chunk{});
  };
  const uint64_t on_loop = reads("loop");
  const uint64_t on_io = reads("io_thread");
  const std::string expected = body_for("k", 300'000).substr(1000, 100'000);
  EXPECT_EQ(read_part().bytes, expected);
  EXPECT_EQ(reads("loop"), on_loop + 1);
  const std::optional<bool> went_to_io = found_uncached_after_drop(kept, 300'000, [&] {
    const uint64_t io_before = reads("io_thread");
    const uint64_t loop_before = reads("loop");
    EXPECT_EQ(read_part().bytes, expected);
    EXPECT_EQ(reads("io_thread") + reads("loop"), io_before + loop_before + 1);
    return reads("io_thread") == io_before + 1;
  });
  if (!went_to_io) GTEST_SKIP() << "the kernel kept the file's pages";
  EXPECT_TRUE(*went_to_io) << "a read of dropped pages goes to an I/O thread";
  EXPECT_GT(reads("io_thread"), on_io);
}

TEST_F(DiskTierTest, WithoutKeptDescriptorsEveryHitOpensTheFile) {
  DiskConfig config;
  config.dir = cache_dir();
  config.budget_bytes = 1 << 20;
  config.open_files = 0;
  auto opened = DiskTier::open(config, registry_);
  ASSERT_TRUE(opened);
  auto tier = std::move(*opened);
  ASSERT_TRUE(store(*tier, "k", 5000));
  auto entry = tier->find("k");
  std::vector<DiskTier::SendFd> fds;
  for (int i = 0; i < 2; ++i) {
    std::optional<std::expected<DiskTier::SendFd, std::string>> fd;
    tier->open_for_send(entry, 0, 5000, loop_.mailbox(), [&](auto r) { fd = std::move(r); });
    loop_.run_until([&] { return fd.has_value(); });
    fds.push_back(std::move(*fd).value_or(nullptr));
    ASSERT_TRUE(fds.back());
    EXPECT_EQ(fds.back().use_count(), 1);
  }
  EXPECT_NE(fds[0], fds[1]);
}

TEST_F(DiskTierTest, OneProcessPerDirectory) {
  auto tier = open();
  DiskConfig config;
  config.dir = cache_dir();
  config.budget_bytes = 1000;
  auto second = DiskTier::open(config, registry_);
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().find("in use"), std::string::npos);
}

}  // namespace
}  // namespace edge::cache
