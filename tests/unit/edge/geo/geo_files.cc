// GeoFiles: a directory from mkdtemp, removed with everything in it.
#include "tests/unit/edge/geo/geo_files.h"

#include <stdlib.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "tests/support/geo/test_mmdb.h"

namespace edge::geo::testing {

GeoFiles::GeoFiles() {
  std::string pattern = (std::filesystem::temp_directory_path() / "geo-test-XXXXXX").string();
  EXPECT_NE(::mkdtemp(pattern.data()), nullptr);
  directory_ = pattern;
}

GeoFiles::~GeoFiles() {
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

void GeoFiles::make_database(const std::string& path, const std::vector<std::string>& networks,
                             const std::vector<std::string>& options) {
  // Written beside and renamed over, so a watcher never sees half of it.
  const std::string staging = path + ".new";
  const auto made = testsupport::make_test_mmdb(staging, networks, options);
  ASSERT_TRUE(made.has_value()) << made.error();
  std::filesystem::rename(staging, path);
}

void GeoFiles::rewrite_in_place(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  ASSERT_TRUE(out.good());
}

std::string GeoFiles::read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

}  // namespace edge::geo::testing
