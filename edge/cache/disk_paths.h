// Where the disk tier keeps things under its directory. Object files are spread over 65,536
// folders (objects/xx/yy/, from the id's low bytes, so consecutive ids spread evenly) to keep
// every directory small; a file is named after its id in 16 hex digits.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>

namespace edge::cache {

class DiskPaths {
 public:
  explicit DiskPaths(std::filesystem::path root) : root_(std::move(root)) {}

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path tmp_dir() const { return root_ / "tmp"; }
  std::filesystem::path objects_dir() const { return root_ / "objects"; }
  std::filesystem::path index_dir() const { return root_ / "index"; }
  std::filesystem::path lock_file() const { return root_ / "lock"; }

  std::filesystem::path tmp_file(uint64_t id) const;
  std::filesystem::path object_dir(uint64_t id) const;
  std::filesystem::path object_file(uint64_t id) const;

  // The id a file name stands for; nullopt for any other name.
  static std::optional<uint64_t> parse_id(std::string_view name);

 private:
  std::filesystem::path root_;
};

}  // namespace edge::cache
