// Internal to control/config: the parsers of single values and the setters they feed, shared
// by the TOML file and the flags so that a key and its flag accept the same text.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

#include "control/config/control_config.h"

namespace control::config {

// "500ms", "5s", "2m", "1h"; "0" needs no unit.
std::expected<std::chrono::milliseconds, std::string> parse_duration(std::string_view text);
// Bytes: digits with an optional K, M or G (x1024), "256M".
std::expected<uint64_t, std::string> parse_size(std::string_view text);
// A positive whole number of at most `max`.
std::expected<int64_t, std::string> parse_count(std::string_view text, int64_t max);

// Sets the top-level setting `key` ("interval", "admin_secret") from `text`. Unknown keys
// are an error that says so.
std::expected<void, std::string> apply_setting(ControlConfig& config, std::string_view key,
                                               std::string_view text);

// "file: key = "value": reason", the form of every configuration error.
std::string config_error(std::string_view file, std::string_view key, std::string_view value,
                         std::string_view reason);

}  // namespace control::config

namespace control::config {

// Applies the TOML file at `path` to `config`: top-level settings, [planner] and [[pop]].
std::expected<void, std::string> load_file(const std::string& path, ControlConfig& config);

}  // namespace control::config
