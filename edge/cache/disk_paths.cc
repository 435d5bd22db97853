// Object and temporary file names of the disk tier.
#include "edge/cache/disk_paths.h"

#include <charconv>
#include <cstdio>

namespace edge::cache {
namespace {

constexpr size_t kIdDigits = 16;

std::string hex(uint64_t value, int digits) {
  char text[kIdDigits + 1];
  std::snprintf(text, sizeof text, "%0*llx", digits, static_cast<unsigned long long>(value));
  return text;
}

}  // namespace

std::filesystem::path DiskPaths::tmp_file(uint64_t id) const {
  return tmp_dir() / hex(id, 16);
}

std::filesystem::path DiskPaths::object_dir(uint64_t id) const {
  return objects_dir() / hex(id & 0xff, 2) / hex((id >> 8) & 0xff, 2);
}

std::filesystem::path DiskPaths::object_file(uint64_t id) const {
  return object_dir(id) / hex(id, 16);
}

std::optional<uint64_t> DiskPaths::parse_id(std::string_view name) {
  if (name.size() != kIdDigits) return std::nullopt;
  uint64_t id = 0;
  auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), id, 16);
  if (ec != std::errc() || end != name.data() + name.size()) return std::nullopt;
  // from_chars takes upper case too; only our own spelling names an object.
  if (name != hex(id, 16)) return std::nullopt;
  return id;
}

}  // namespace edge::cache
