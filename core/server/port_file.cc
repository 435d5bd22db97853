#include "core/server/port_file.h"

#include <filesystem>
#include <fstream>
#include <system_error>

namespace core::server {

bool write_port_file(const std::string& path, const std::vector<uint16_t>& ports) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    for (uint16_t port : ports)
      out << port << '\n';
    if (!out.flush()) return false;
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  return !error;
}

}  // namespace core::server
