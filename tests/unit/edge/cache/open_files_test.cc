// OpenFiles: the least recently used descriptor of a shard goes first, a forgotten one is closed
// once its last holder lets go, and the capacity respects the process's descriptor limit.
#include "edge/cache/open_files.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>

namespace edge::cache {
namespace {

OpenFiles::Fd open_null() {
  return std::make_shared<const core::base::UniqueFd>(::open("/dev/null", O_RDONLY | O_CLOEXEC));
}

TEST(OpenFilesTest, TheLeastRecentlyUsedOfAShardGoesFirst) {
  core::metrics::Gauge kept;
  OpenFiles files(2 * OpenFiles::kShards, &kept);  // two per shard
  constexpr uint64_t kA = 1;
  constexpr uint64_t kB = kA + OpenFiles::kShards;
  constexpr uint64_t kC = kB + OpenFiles::kShards;
  OpenFiles::Fd a = open_null();
  files.keep(kA, a);
  files.keep(kB, open_null());
  files.keep(2, open_null());    // another shard
  EXPECT_EQ(files.find(kA), a);  // now its shard's most recently used
  files.keep(kC, open_null());
  EXPECT_EQ(files.size(), 3u);
  EXPECT_EQ(kept.value(), 3);
  EXPECT_EQ(files.find(kA), a);
  EXPECT_FALSE(files.find(kB));
  EXPECT_TRUE(files.find(kC));
  EXPECT_TRUE(files.find(2));
}

TEST(OpenFilesTest, KeepingAnIdAgainReplacesItsDescriptor) {
  OpenFiles files(2);
  files.keep(1, open_null());
  OpenFiles::Fd b = open_null();
  files.keep(1, b);
  EXPECT_EQ(files.size(), 1u);
  EXPECT_EQ(files.find(1), b);
}

TEST(OpenFilesTest, AForgottenDescriptorIsLetGo) {
  core::metrics::Gauge kept;
  OpenFiles files(4, &kept);
  OpenFiles::Fd a = open_null();
  files.keep(1, a);
  EXPECT_EQ(a.use_count(), 2);
  files.forget(1);
  files.forget(1);
  EXPECT_EQ(a.use_count(), 1) << "only this test holds it now";
  EXPECT_FALSE(files.find(1));
  EXPECT_EQ(files.size(), 0u);
  EXPECT_EQ(kept.value(), 0);
}

TEST(OpenFilesTest, NoCapacityKeepsNothing) {
  OpenFiles files(0);
  files.keep(1, open_null());
  EXPECT_FALSE(files.find(1));
}

TEST(OpenFilesTest, TheCapacityIsAtMostAQuarterOfTheDescriptorLimit) {
  rlimit limit{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &limit), 0);
  if (limit.rlim_cur == RLIM_INFINITY) GTEST_SKIP() << "no descriptor limit";
  EXPECT_EQ(open_files_capacity(limit.rlim_cur), limit.rlim_cur / 4);
  EXPECT_EQ(open_files_capacity(1), 1u);
}

}  // namespace
}  // namespace edge::cache
