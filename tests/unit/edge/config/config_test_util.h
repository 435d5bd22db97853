// Helpers of the edge/config tests: run the flag parser and the builder as main does, and
// write TOML files into a temporary directory.
#pragma once

#include <stdlib.h>

#include <expected>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "edge/config/edge_config.h"

namespace edge::config::testing {

inline std::expected<EdgeConfig, ConfigError> load(const std::vector<std::string>& args) {
  std::vector<const char*> argv = {"edged"};
  for (const std::string& arg : args)
    argv.push_back(arg.c_str());
  auto invocation = parse_flags(static_cast<int>(argv.size()), argv.data());
  if (!invocation) return std::unexpected(invocation.error());
  return build_config(*invocation);
}

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "cfgtest.XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string write(const std::string& name, const std::string& text) const {
    std::string file = (std::filesystem::path(path_) / name).string();
    std::ofstream(file) << text;
    return file;
  }

 private:
  std::string path_;
};

}  // namespace edge::config::testing
