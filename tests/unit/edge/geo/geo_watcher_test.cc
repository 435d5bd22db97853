// GeoWatcher with a short interval: a database appearing, being replaced, damaged in place,
// truncated and deleted, with the reload counters and lookups each time.
#include "edge/geo/geo_watcher.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "tests/unit/edge/geo/geo_files.h"

namespace edge::geo {
namespace {

using std::chrono::milliseconds;
using testing::eventually;
using testing::GeoFiles;
using testing::kWorld;

class GeoWatcherTest : public GeoFiles {
 protected:
  std::unique_ptr<GeoWatcher> watch(milliseconds interval = milliseconds(5)) {
    return std::make_unique<GeoWatcher>(
        GeoWatcherOptions{.path = path("geo.mmdb"), .interval = interval}, log_, registry_);
  }
  static bool reloads_reach(const GeoWatcher& watcher, ReloadResult result, uint64_t count) {
    return eventually([&] { return watcher.metrics().reloads(result) >= count; });
  }

  core::log::Logger log_{"", core::log::Level::kInfo};
  core::metrics::Registry registry_;
};

TEST_F(GeoWatcherTest, LoadsAGoodFileAtStart) {
  make_database(path("geo.mmdb"), kWorld);
  const auto watcher = watch();
  ASSERT_NE(watcher->database(), nullptr);
  EXPECT_EQ(watcher->lookup("127.1.0.1"), (GeoPlace{"DE", "EU"}));
  EXPECT_EQ(watcher->metrics().reloads(ReloadResult::kOk), 1u);
  EXPECT_TRUE(watcher->metrics().database_loaded());
  EXPECT_EQ(watcher->metrics().build_epoch(),
            static_cast<int64_t>(watcher->database()->build_epoch()));
}

TEST_F(GeoWatcherTest, StartsWithoutADatabaseWhenTheFileIsMissingOrCorrupt) {
  {
    const auto watcher = watch();
    EXPECT_EQ(watcher->database(), nullptr);
    EXPECT_EQ(watcher->lookup("127.1.0.1"), std::nullopt);
    EXPECT_EQ(watcher->metrics().reloads(ReloadResult::kError), 1u);
    EXPECT_FALSE(watcher->metrics().database_loaded());
  }
  rewrite_in_place(path("geo.mmdb"), "not a database");
  const auto watcher = watch();
  EXPECT_EQ(watcher->database(), nullptr);
  EXPECT_EQ(watcher->metrics().reloads(ReloadResult::kError), 2u);
}

TEST_F(GeoWatcherTest, LoadsAFileThatAppearsLater) {
  const auto watcher = watch();
  ASSERT_EQ(watcher->database(), nullptr);
  make_database(path("geo.mmdb"), kWorld);
  ASSERT_TRUE(reloads_reach(*watcher, ReloadResult::kOk, 1));
  EXPECT_EQ(watcher->lookup("2001:db8::1"), (GeoPlace{"BR", "SA"}));
  EXPECT_TRUE(watcher->metrics().database_loaded());
}

TEST_F(GeoWatcherTest, LoadsANewVersionOfTheFile) {
  make_database(path("geo.mmdb"), kWorld);
  const auto watcher = watch();
  const auto first = watcher->database();
  make_database(path("geo.mmdb"), {"127.1.0.0/16=AT/EU"});
  ASSERT_TRUE(reloads_reach(*watcher, ReloadResult::kOk, 2));
  EXPECT_EQ(watcher->lookup("127.1.0.1"), (GeoPlace{"AT", "EU"}));
  // A reader holding the previous database still has it, whole.
  EXPECT_EQ(first->lookup("127.1.0.1"), (GeoPlace{"DE", "EU"}));
  EXPECT_EQ(watcher->metrics().reloads(ReloadResult::kError), 0u);
}

TEST_F(GeoWatcherTest, KeepsTheLastGoodDatabaseWhenTheFileIsOverwrittenWithGarbage) {
  make_database(path("geo.mmdb"), kWorld);
  const auto watcher = watch();
  const std::string good = read(path("geo.mmdb"));
  rewrite_in_place(path("geo.mmdb"), std::string(good.size() + 17, '\x5a'));
  ASSERT_TRUE(reloads_reach(*watcher, ReloadResult::kError, 1));
  EXPECT_EQ(watcher->lookup("127.1.0.1"), (GeoPlace{"DE", "EU"}));
  EXPECT_EQ(watcher->lookup("::ffff:127.3.0.1"), (GeoPlace{"JP", "AS"}));
  EXPECT_TRUE(watcher->metrics().database_loaded());
  EXPECT_EQ(watcher->metrics().reloads(ReloadResult::kOk), 1u);

  // Put back, it is loaded again.
  rewrite_in_place(path("geo.mmdb"), good);
  ASSERT_TRUE(reloads_reach(*watcher, ReloadResult::kOk, 2));
}

// The SIGBUS case: the file under the database in use is cut short in place.
TEST_F(GeoWatcherTest, KeepsTheLastGoodDatabaseWhenTheFileIsTruncated) {
  make_database(path("geo.mmdb"), kWorld);
  const auto watcher = watch();
  const std::string good = read(path("geo.mmdb"));
  ASSERT_EQ(::truncate(path("geo.mmdb").c_str(), static_cast<off_t>(good.size() / 3)), 0);
  EXPECT_EQ(watcher->lookup("2001:db8::1"), (GeoPlace{"BR", "SA"}));
  ASSERT_TRUE(reloads_reach(*watcher, ReloadResult::kError, 1));
  EXPECT_EQ(watcher->lookup("2001:db8::1"), (GeoPlace{"BR", "SA"}));
  EXPECT_EQ(watcher->lookup("127.2.0.1"), (GeoPlace{"US", "NA"}));
}

TEST_F(GeoWatcherTest, KeepsTheLastGoodDatabaseWhenTheFileIsDeleted) {
  make_database(path("geo.mmdb"), kWorld);
  const auto watcher = watch();
  std::filesystem::remove(path("geo.mmdb"));
  ASSERT_TRUE(reloads_reach(*watcher, ReloadResult::kError, 1));
  EXPECT_EQ(watcher->lookup("127.1.0.1"), (GeoPlace{"DE", "EU"}));
  EXPECT_TRUE(watcher->metrics().database_loaded());
}

TEST_F(GeoWatcherTest, CountsLookupsByResult) {
  {
    const auto watcher = watch();
    watcher->lookup("127.1.0.1");
    EXPECT_EQ(watcher->metrics().lookups(LookupResult::kNoDatabase), 1u);
  }
  make_database(path("geo.mmdb"), kWorld);
  const auto watcher = watch();
  watcher->lookup("127.1.0.1");
  watcher->lookup("2001:db8::1");
  watcher->lookup("127.9.0.1");
  watcher->lookup("garbage");
  EXPECT_EQ(watcher->metrics().lookups(LookupResult::kFound), 2u);
  EXPECT_EQ(watcher->metrics().lookups(LookupResult::kUnknown), 2u);
  EXPECT_EQ(watcher->metrics().lookups(LookupResult::kNoDatabase), 1u);
}

TEST_F(GeoWatcherTest, StopsPromptlyWhateverTheInterval) {
  const auto watcher = watch(std::chrono::hours(1));
  const auto start = std::chrono::steady_clock::now();
  watcher->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  watcher->stop();
}

}  // namespace
}  // namespace edge::geo
