// Internal to edge/config: applies a TOML configuration file over a configuration.
#pragma once

#include <expected>
#include <string>

#include "edge/config/edge_config.h"

namespace edge::config {

// Reads `path` and applies every key it holds; unknown keys, wrong types and bad values are
// errors naming the key. Blocking (reads the file).
std::expected<void, ConfigError> apply_file(const std::string& path, EdgeConfig& config);

}  // namespace edge::config
