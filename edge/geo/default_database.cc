// The path is found from /proc/self/exe, which names the binary after symlinks are resolved,
// so a symlink to edged elsewhere still finds the build tree's share/.
#include "edge/geo/default_database.h"

#include <filesystem>
#include <system_error>

namespace edge::geo {

std::string default_database_path() {
  std::error_code error;
  const std::filesystem::path executable = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error || executable.empty()) return {};
  return (executable.parent_path().parent_path() / "share/swipecdn/geo/country.mmdb").string();
}

}  // namespace edge::geo
