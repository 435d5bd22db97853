// Files for edge::geo's tests: a fresh directory per test, test databases written into it,
// and the ways an operator can damage a database file.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "edge/geo/geo_place.h"

namespace edge::geo {

// GoogleTest finds a printer by this name.
// NOLINTNEXTLINE(readability-identifier-naming)
inline void PrintTo(const GeoPlace& place, std::ostream* out) {
  *out << place.country << "/" << place.continent;
}

}  // namespace edge::geo

namespace edge::geo::testing {

// The networks most tests use.
inline const std::vector<std::string> kWorld = {"127.1.0.0/16=DE/EU", "127.2.0.0/16=US/NA",
                                                "::ffff:127.3.0.0/112=JP/AS",
                                                "2001:db8::/32=BR/SA"};

class GeoFiles : public ::testing::Test {
 protected:
  GeoFiles();
  ~GeoFiles() override;

  std::string path(const std::string& name) const { return (directory_ / name).string(); }
  // Writes a test database at `path` (make_test_mmdb.pl's arguments); fails the test if perl
  // does.
  void make_database(const std::string& path, const std::vector<std::string>& networks,
                     const std::vector<std::string>& options = {});
  // Replaces the contents of `path` in place (same inode), as `cp` over it or `>` would.
  static void rewrite_in_place(const std::string& path, const std::string& bytes);
  static std::string read(const std::string& path);

 private:
  std::filesystem::path directory_;
};

// Polls `done` until it holds or `timeout` passes.
bool eventually(const std::function<bool()>& done,
                std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace edge::geo::testing
