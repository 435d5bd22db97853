// The disk tier under faults: a full LMDB map and a full disk close admission and keep hits
// readable; readers race eviction; a writer process killed with SIGKILL at random moments
// leaves an index in which every object is exactly the bytes written.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>
#include <set>
#include <thread>

#include "disk_test_support.h"
#include "edge/cache/cache_metrics.h"
#include "edge/cache/disk_tier.h"

namespace edge::cache {
namespace {

using testing::body_for;
using testing::count_files;
using testing::read_all;
using testing::store;

uint64_t failed(core::metrics::Registry& registry, WriteFailure reason) {
  return registry.counter(families::kDiskWritesFailed, {to_label(reason)}).value();
}

TEST(DiskFaultsTest, AFullIndexMapClosesAdmissionAndKeepsHits) {
  testing::TempDir dir;
  testing::FakeClock clock;
  testing::TestLoop loop;
  core::metrics::Registry registry;
  DiskConfig config;
  config.dir = dir.path();
  config.budget_bytes = 1 << 30;
  config.index_map_bytes = 64 << 10;
  config.clock = &clock;
  std::vector<std::string> logged;
  config.log = [&](std::string line) { logged.push_back(std::move(line)); };
  auto tier = std::move(*DiskTier::open(config, registry));
  // Any commit may be the one that fills the map: a put, or a batch of recency updates.
  std::vector<std::string> stored;
  for (int i = 0; i < 100 && tier->stats().admitting; ++i) {
    std::string key = "k" + std::to_string(i);
    if (!store(*tier, key, 100, std::string(3000, 'h'))) break;
    if (tier->find(key)) stored.push_back(key);
  }
  ASSERT_FALSE(stored.empty());
  EXPECT_LE(failed(registry, WriteFailure::kIndexFull), 1u);
  EXPECT_FALSE(tier->stats().admitting);
  EXPECT_FALSE(tier->begin("late", "h", 0));
  EXPECT_EQ(registry.counter(families::kDiskAdmissionRefused, {"closed"}).value(), 1u);
  ASSERT_FALSE(logged.empty());
  EXPECT_NE(logged.front().find("MDB_MAP_FULL"), std::string::npos) << logged.front();
  for (const std::string& key : stored) {
    auto entry = tier->find(key);
    ASSERT_TRUE(entry) << key;
    EXPECT_EQ(read_all(*tier, loop, entry).value(), body_for(key, 100));
  }
  EXPECT_EQ(count_files(dir.path() / "objects"), stored.size());  // the refused file is gone
  clock.advance(31);
  EXPECT_TRUE(tier->stats().admitting);
}

// A tmpfs of its own, where the sandbox lets a test mount one (root with CAP_SYS_ADMIN).
class SmallFilesystem {
 public:
  explicit SmallFilesystem(const std::filesystem::path& at) : at_(at) {
    std::filesystem::create_directories(at_);
    mounted_ = ::mount("tmpfs", at_.c_str(), "tmpfs", 0, "size=2m") == 0;
  }
  ~SmallFilesystem() {
    if (mounted_) ::umount2(at_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }

 private:
  std::filesystem::path at_;
  bool mounted_ = false;
};

TEST(DiskFaultsTest, AFullDiskClosesAdmissionAndKeepsHits) {
  testing::TempDir dir;
  SmallFilesystem filesystem(dir.path() / "small");
  if (!filesystem.mounted()) GTEST_SKIP() << "mounting a tmpfs is not permitted here";
  testing::FakeClock clock;
  testing::TestLoop loop;
  core::metrics::Registry registry;
  DiskConfig config;
  config.dir = dir.path() / "small" / "cache";
  config.budget_bytes = 1 << 30;  // the disk fills long before the budget
  config.clock = &clock;
  {
    auto tier = std::move(*DiskTier::open(config, registry));
    std::vector<std::string> stored;
    for (int i = 0; i < 20 && failed(registry, WriteFailure::kNoSpace) == 0; ++i) {
      std::string key = "k" + std::to_string(i);
      ASSERT_TRUE(store(*tier, key, 300'000));
      if (tier->find(key)) stored.push_back(key);
    }
    ASSERT_EQ(failed(registry, WriteFailure::kNoSpace), 1u);
    ASSERT_FALSE(stored.empty());
    EXPECT_FALSE(tier->stats().admitting);
    EXPECT_FALSE(tier->begin("late", "h", 0));
    for (const std::string& key : stored) {
      auto entry = tier->find(key);
      ASSERT_TRUE(entry) << key;
      EXPECT_EQ(read_all(*tier, loop, entry).value(), body_for(key, 300'000));
    }
    EXPECT_EQ(count_files(config.dir / "tmp"), 0u);
    // Space comes back (a purge), and after the pause new objects are admitted again.
    EXPECT_TRUE(tier->erase(stored.front()));
    tier->flush();
    clock.advance(31);
    EXPECT_TRUE(store(*tier, "after", 1000));
    EXPECT_TRUE(tier->find("after"));
  }
}

TEST(DiskFaultsTest, ReadersRacingEvictionNeverSeeWrongBytes) {
  testing::TempDir dir;
  core::metrics::Registry registry;
  DiskConfig config;
  config.dir = dir.path();
  config.budget_bytes = 2 << 20;
  auto tier = std::move(*DiskTier::open(config, registry));
  constexpr int kKeys = 200;
  auto size_of = [](int key) { return static_cast<size_t>(1000 + (key * 7919) % 400'000); };
  std::atomic<bool> done{false};
  std::atomic<int> verified{0};
  std::atomic<int> wrong{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&, r] {
      testing::TestLoop loop;
      std::mt19937 rng(r);
      while (!done.load()) {
        int key = static_cast<int>(rng() % kKeys);
        auto entry = tier->find("k" + std::to_string(key));
        if (!entry) continue;
        auto bytes = read_all(*tier, loop, entry);
        if (bytes && *bytes == body_for(entry->key, size_of(key))) ++verified;
        if (bytes ? *bytes != body_for(entry->key, size_of(key)) : bytes.error() != "gone") {
          ++wrong;
        }
      }
    });
  }
  for (int round = 0; round < 3; ++round) {
    for (int key = 0; key < kKeys; ++key)
      store(*tier, "k" + std::to_string(key), size_of(key));
  }
  done = true;
  for (std::thread& reader : readers)
    reader.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_GT(verified.load(), 0);
  EXPECT_GT(tier->stats().evictions, 0u);
  EXPECT_LE(tier->stats().bytes, static_cast<uint64_t>(config.budget_bytes * 0.95));
}

// The writer process of the crash test: stores batches of objects written concurrently, and
// reports each batch's keys on `report` once flush() says they are committed.
[[noreturn]] void write_until_killed(const std::filesystem::path& dir, int first_key, int report) {
  core::metrics::Registry registry;
  DiskConfig config;
  config.dir = dir;
  config.budget_bytes = uint64_t{1} << 32;
  auto tier = DiskTier::open(config, registry);
  if (!tier) ::_exit(2);
  for (int key = first_key; key < first_key + 400; key += 8) {
    std::vector<std::unique_ptr<DiskWriter>> writers;
    for (int k = key; k < key + 8; ++k) {
      std::string name = "k" + std::to_string(k);
      writers.push_back((*tier)->begin(name, "head " + name, 0));
      if (!writers.back()) ::_exit(3);
      size_t size = 1 + static_cast<size_t>(k * 7919) % 100'000;
      testing::write_object(*writers.back(), body_for(name, size), size, 4096);
    }
    writers.clear();
    (*tier)->flush();
    for (int k = key; k < key + 8; ++k) {
      if (::write(report, &k, sizeof k) != sizeof k) ::_exit(4);
    }
  }
  for (;;)
    ::pause();
}

TEST(DiskCrashTest, KilledAtRandomMomentsEveryIndexedObjectIsExact) {
  testing::TempDir dir;
  std::random_device seed;
  unsigned seed_value = seed();
  SCOPED_TRACE("seed " + std::to_string(seed_value));
  std::mt19937 rng(seed_value);
  std::set<int> committed;
  for (int round = 0; round < 8; ++round) {
    int pipe_fds[2];
    ASSERT_EQ(::pipe(pipe_fds), 0);
    pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      ::close(pipe_fds[0]);
      write_until_killed(dir.path(), round * 1000, pipe_fds[1]);
    }
    ::close(pipe_fds[1]);
    std::this_thread::sleep_for(std::chrono::milliseconds(5 + rng() % 300));
    ::kill(child, SIGKILL);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status)) << "writer exited with " << WEXITSTATUS(status);
    int key = 0;
    while (::read(pipe_fds[0], &key, sizeof key) == sizeof key)
      committed.insert(key);
    ::close(pipe_fds[0]);

    core::metrics::Registry registry;
    testing::TestLoop loop;
    DiskConfig config;
    config.dir = dir.path();
    config.budget_bytes = uint64_t{1} << 32;
    auto tier = DiskTier::open(config, registry);
    ASSERT_TRUE(tier) << tier.error();
    EXPECT_EQ(count_files(dir.path() / "tmp"), 0u);
    size_t indexed = 0;
    for (int k = 0; k < (round + 1) * 1000; ++k) {
      std::string name = "k" + std::to_string(k);
      auto entry = (*tier)->find(name);
      if (!entry) {
        EXPECT_FALSE(committed.contains(k)) << name << " was committed before the kill";
        continue;
      }
      ++indexed;
      size_t size = 1 + static_cast<size_t>(k * 7919) % 100'000;
      EXPECT_EQ(entry->size, size) << name;
      EXPECT_EQ(entry->head, "head " + name);
      auto bytes = read_all(**tier, loop, entry);
      ASSERT_TRUE(bytes) << name << ": " << bytes.error();
      EXPECT_TRUE(*bytes == body_for(name, size)) << name << " has other bytes";
    }
    EXPECT_EQ(indexed, (*tier)->stats().objects);
    EXPECT_EQ(count_files(dir.path() / "objects"), indexed);
  }
  EXPECT_FALSE(committed.empty());
}

}  // namespace
}  // namespace edge::cache
