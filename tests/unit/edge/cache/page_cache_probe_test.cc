// pages_look_cached and read_if_cached on a real file: written pages are in the page cache;
// pages the kernel dropped are not (mincore confirms the drop). Skipped where the file system
// cannot tell (no RWF_NOWAIT), keeps everything in memory (tmpfs) or will not drop the pages.
#include "edge/cache/page_cache_probe.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/magic.h>
#include <sys/uio.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "core/base/unique_handle.h"
#include "tests/unit/edge/cache/disk_test_support.h"

namespace edge::cache {
namespace {

TEST(PageCacheProbe, WrittenPagesAreCachedAndDroppedOnesAreNot) {
  testing::TempDir dir;
  const std::string path = (dir.path() / "object").string();
  core::base::UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  ASSERT_TRUE(fd);
  const std::string bytes(std::size_t{256} * 1024, 'x');
  ASSERT_EQ(::pwrite(fd.get(), bytes.data(), bytes.size(), 0), static_cast<ssize_t>(bytes.size()));
  if (!answers_without_waiting(fd.get())) {
    GTEST_SKIP() << "this file system does not answer reads without waiting";
  }
  EXPECT_TRUE(pages_look_cached(fd.get(), 0, bytes.size()));
  EXPECT_TRUE(pages_look_cached(fd.get(), 4096, 8192));
  EXPECT_TRUE(pages_look_cached(fd.get(), 0, 0));
  EXPECT_EQ(read_if_cached(fd.get(), 0, bytes.size()), bytes);
  EXPECT_EQ(read_if_cached(fd.get(), bytes.size() - 10, 100), std::string(10, 'x'))
      << "the file ends first";

  struct statfs fs {};
  ASSERT_EQ(::fstatfs(fd.get(), &fs), 0);
  if (fs.f_type == TMPFS_MAGIC) GTEST_SKIP() << "tmpfs keeps every page in memory";
  const std::optional<bool> probe_missed = testing::found_uncached_after_drop(
      fd.get(), bytes.size(), [&] { return !pages_look_cached(fd.get(), 0, bytes.size()); });
  if (!probe_missed) GTEST_SKIP() << "the kernel kept the file's pages";
  EXPECT_TRUE(*probe_missed);
  EXPECT_EQ(testing::found_uncached_after_drop(
                fd.get(), bytes.size(),
                [&] { return !read_if_cached(fd.get(), 0, bytes.size()).has_value(); }),
            true);
  std::string back(bytes.size(), '\0');
  ASSERT_EQ(::pread(fd.get(), back.data(), back.size(), 0), static_cast<ssize_t>(back.size()));
  EXPECT_TRUE(pages_look_cached(fd.get(), 0, bytes.size()));
}

}  // namespace
}  // namespace edge::cache
