// GeoDatabase against databases written by make_test_mmdb.pl: both layouts, both IP versions,
// and files that are not databases.
#include "edge/geo/geo_database.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "tests/unit/edge/geo/geo_files.h"

namespace edge::geo {
namespace {

using testing::GeoFiles;
using testing::kWorld;

class GeoDatabaseTest : public GeoFiles {
 protected:
  GeoDatabase open_world() {
    make_database(path("world.mmdb"), kWorld);
    auto opened = GeoDatabase::open(path("world.mmdb"));
    EXPECT_TRUE(opened.has_value()) << opened.error();
    return std::move(*opened);
  }
};

TEST_F(GeoDatabaseTest, PlacesIpv4Addresses) {
  const GeoDatabase database = open_world();
  EXPECT_EQ(database.lookup("127.1.2.3"), (GeoPlace{"DE", "EU"}));
  EXPECT_EQ(database.lookup("127.2.255.255"), (GeoPlace{"US", "NA"}));
  sockaddr_in v4{};
  v4.sin_family = AF_INET;
  ASSERT_EQ(inet_pton(AF_INET, "127.1.0.1", &v4.sin_addr), 1);
  EXPECT_EQ(database.lookup(reinterpret_cast<const sockaddr&>(v4)), (GeoPlace{"DE", "EU"}));
}

TEST_F(GeoDatabaseTest, PlacesIpv6Addresses) {
  const GeoDatabase database = open_world();
  EXPECT_EQ(database.lookup("2001:db8::1"), (GeoPlace{"BR", "SA"}));
  EXPECT_EQ(database.lookup("2001:DB8:ffff::"), (GeoPlace{"BR", "SA"}));
  sockaddr_in6 v6{};
  v6.sin6_family = AF_INET6;
  ASSERT_EQ(inet_pton(AF_INET6, "2001:db8:1::5", &v6.sin6_addr), 1);
  EXPECT_EQ(database.lookup(reinterpret_cast<const sockaddr&>(v6)), (GeoPlace{"BR", "SA"}));
}

TEST_F(GeoDatabaseTest, LooksUpIpv4MappedAddressesAsIpv4) {
  const GeoDatabase database = open_world();
  EXPECT_EQ(database.lookup("::ffff:127.1.2.3"), (GeoPlace{"DE", "EU"}));
  EXPECT_EQ(database.lookup("::ffff:127.3.4.5"), (GeoPlace{"JP", "AS"}));
  EXPECT_EQ(database.lookup("127.3.4.5"), (GeoPlace{"JP", "AS"}));
  sockaddr_in6 mapped{};
  mapped.sin6_family = AF_INET6;
  ASSERT_EQ(inet_pton(AF_INET6, "::ffff:127.2.0.9", &mapped.sin6_addr), 1);
  EXPECT_EQ(database.lookup(reinterpret_cast<const sockaddr&>(mapped)), (GeoPlace{"US", "NA"}));
}

TEST_F(GeoDatabaseTest, AddressesOutsideTheDatabaseAreUnknown) {
  const GeoDatabase database = open_world();
  EXPECT_EQ(database.lookup("127.9.9.9"), std::nullopt);
  EXPECT_EQ(database.lookup("8.8.8.8"), std::nullopt);
  EXPECT_EQ(database.lookup("2001:db9::1"), std::nullopt);
  EXPECT_EQ(database.lookup("::1"), std::nullopt);
}

TEST_F(GeoDatabaseTest, TextThatIsNotAnAddressIsUnknown) {
  const GeoDatabase database = open_world();
  for (const char* text : {"", "localhost", "127.1.2", "127.1.2.3:80", "[2001:db8::1]",
                           "2001:db8::1%eth0", "127.1.2.3 ", "::ffff:127.1.2.3.4"}) {
    EXPECT_EQ(database.lookup(text), std::nullopt) << text;
  }
  EXPECT_EQ(database.lookup(std::string(5000, '1')), std::nullopt);
  sockaddr unix_family{};
  unix_family.sa_family = AF_UNIX;
  EXPECT_EQ(database.lookup(unix_family), std::nullopt);
}

TEST_F(GeoDatabaseTest, FallsBackToTheRegisteredCountry) {
  make_database(path("registered.mmdb"), {"127.4.0.0/16=registered:FR/EU", "127.5.0.0/16=IT"});
  const auto database = GeoDatabase::open(path("registered.mmdb"));
  ASSERT_TRUE(database.has_value()) << database.error();
  EXPECT_EQ(database->lookup("127.4.0.1"), (GeoPlace{"FR", "EU"}));
  EXPECT_EQ(database->lookup("127.5.0.1"), (GeoPlace{"IT", "EU"}));
}

TEST_F(GeoDatabaseTest, ReadsTheCountryCodeLayout) {
  make_database(path("flat.mmdb"), {"127.1.0.0/16=de", "2001:db8::/32=BR"},
                {"--layout=country_code"});
  const auto database = GeoDatabase::open(path("flat.mmdb"));
  ASSERT_TRUE(database.has_value()) << database.error();
  EXPECT_EQ(database->lookup("127.1.0.1"), (GeoPlace{"DE", "EU"}));
  EXPECT_EQ(database->lookup("2001:db8::2"), (GeoPlace{"BR", "SA"}));
  EXPECT_EQ(database->database_type(), "country");
}

TEST_F(GeoDatabaseTest, AnIpv4DatabaseKnowsNoIpv6Address) {
  make_database(path("v4.mmdb"), {"127.1.0.0/16=DE/EU"}, {"--ipv4"});
  const auto database = GeoDatabase::open(path("v4.mmdb"));
  ASSERT_TRUE(database.has_value()) << database.error();
  EXPECT_EQ(database->lookup("127.1.0.1"), (GeoPlace{"DE", "EU"}));
  EXPECT_EQ(database->lookup("::ffff:127.1.0.1"), (GeoPlace{"DE", "EU"}));
  EXPECT_EQ(database->lookup("2001:db8::1"), std::nullopt);
}

TEST_F(GeoDatabaseTest, ReportsItsMetadata) {
  const GeoDatabase database = open_world();
  EXPECT_EQ(database.database_type(), "GeoLite2-Country");
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  EXPECT_NEAR(static_cast<double>(database.build_epoch()),
              static_cast<double>(std::chrono::duration_cast<std::chrono::seconds>(now).count()),
              3600.0);
}

TEST_F(GeoDatabaseTest, RefusesFilesThatAreNotDatabases) {
  EXPECT_FALSE(GeoDatabase::open(path("missing.mmdb")).has_value());
  EXPECT_FALSE(GeoDatabase::open(path("")).has_value());  // the directory itself

  rewrite_in_place(path("empty.mmdb"), "");
  const auto empty = GeoDatabase::open(path("empty.mmdb"));
  ASSERT_FALSE(empty.has_value());
  EXPECT_NE(empty.error().find("empty.mmdb"), std::string::npos) << empty.error();

  std::string garbage;
  for (int i = 0; i < 100'000; ++i)
    garbage.push_back(static_cast<char>((i * 7919) % 251));
  rewrite_in_place(path("garbage.mmdb"), garbage);
  EXPECT_FALSE(GeoDatabase::open(path("garbage.mmdb")).has_value());
}

TEST_F(GeoDatabaseTest, RefusesTruncatedDatabases) {
  make_database(path("world.mmdb"), kWorld);
  const std::string whole = read(path("world.mmdb"));
  for (const size_t size : {size_t{1}, whole.size() / 4, whole.size() / 2, whole.size() - 10}) {
    rewrite_in_place(path("cut.mmdb"), whole.substr(0, size));
    EXPECT_FALSE(GeoDatabase::open(path("cut.mmdb")).has_value()) << size << " bytes";
  }
}

TEST_F(GeoDatabaseTest, RefusesADatabaseWithADamagedSearchTree) {
  make_database(path("world.mmdb"), kWorld);
  std::string damaged = read(path("world.mmdb"));
  // The search tree starts the file; records pointing far past the data section are corrupt.
  for (size_t i = 0; i < 600 && i < damaged.size(); ++i)
    damaged[i] = '\xff';
  rewrite_in_place(path("damaged.mmdb"), damaged);
  EXPECT_FALSE(GeoDatabase::open(path("damaged.mmdb")).has_value());
}

// The file is copied at open: truncating or rewriting it afterwards, as an operator replacing
// it in place does, changes nothing for lookups (a mapping of the file itself would SIGBUS).
TEST_F(GeoDatabaseTest, KeepsWorkingWhenItsFileIsTruncatedOrRewritten) {
  const GeoDatabase database = open_world();
  ASSERT_EQ(::truncate(path("world.mmdb").c_str(), 0), 0);
  EXPECT_EQ(database.lookup("127.1.2.3"), (GeoPlace{"DE", "EU"}));
  rewrite_in_place(path("world.mmdb"), std::string(200'000, 'x'));
  EXPECT_EQ(database.lookup("2001:db8::1"), (GeoPlace{"BR", "SA"}));
  std::filesystem::remove(path("world.mmdb"));
  EXPECT_EQ(database.lookup("127.2.0.1"), (GeoPlace{"US", "NA"}));
}

TEST_F(GeoDatabaseTest, AnswersFromManyThreadsAtOnce) {
  const GeoDatabase database = open_world();
  constexpr int kThreads = 4;
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  std::atomic<int> wrong{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&database, &wrong] {
      for (int i = 0; i < 2000; ++i) {
        if (database.lookup("127.1.0.1") != GeoPlace{"DE", "EU"}) wrong.fetch_add(1);
        if (database.lookup("2001:db8::9") != GeoPlace{"BR", "SA"}) wrong.fetch_add(1);
      }
    });
  }
  for (std::thread& thread : threads)
    thread.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace edge::geo
