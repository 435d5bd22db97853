// The default database that deploy/install-geo-db.sh puts beside the binaries, when it has
// been installed into this build tree.
#include "edge/geo/default_database.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "edge/geo/geo_database.h"
#include "tests/unit/edge/geo/geo_files.h"

namespace edge::geo {
namespace {

TEST(DefaultDatabase, IsFoundBesideTheBinaries) {
  const std::filesystem::path path = default_database_path();
  ASSERT_FALSE(path.empty());
  EXPECT_EQ(path.filename(), "country.mmdb");
  EXPECT_EQ(path.parent_path().parent_path().parent_path().filename(), "share");
}

TEST(DefaultDatabase, OpensAndPlacesAPublicResolver) {
  const std::string path = default_database_path();
  if (!std::filesystem::exists(path)) {
    GTEST_SKIP() << "no default geo database at " << path
                 << ": deploy/install-geo-db.sh BUILD_DIR installs it";
  }
  const auto database = GeoDatabase::open(path);
  ASSERT_TRUE(database.has_value()) << database.error();
  EXPECT_EQ(database->lookup("8.8.8.8"), (GeoPlace{"US", "NA"}));
  EXPECT_EQ(database->lookup("2001:4860:4860::8888"), (GeoPlace{"US", "NA"}));
}

}  // namespace
}  // namespace edge::geo
