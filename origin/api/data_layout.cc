// DataLayout::prepare: staging holds only half-written transcodes, never anything published.
#include "origin/api/data_layout.h"

#include <system_error>

namespace origin::api {

std::expected<void, std::string> DataLayout::prepare(bool clear_staging) const {
  std::error_code error;
  if (clear_staging) std::filesystem::remove_all(root_ / "staging", error);
  for (const auto& dir : {db_dir(), root_ / "uploads", videos_dir(), root_ / "staging"}) {
    std::filesystem::create_directories(dir, error);
    if (error) return std::unexpected("cannot create " + dir.string() + ": " + error.message());
  }
  return {};
}

}  // namespace origin::api
