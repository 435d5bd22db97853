// Internal to edge/config: the table of every setting, shared by the flag parser and the file
// loader so that a setting has one name on the command line, one key in the file, one parser
// and one range.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "edge/config/edge_config.h"

namespace edge::config {

enum class ValueKind : uint8_t {
  kString,      // any text
  kStringList,  // flags: comma list (or the flag repeated); file: array of strings
  kSize,        // "10G"; in the file also an integer of bytes
  kDuration,    // "500ms"; in the file always a string
  kInteger,     // bounded by Setting::min and Setting::max
  kLevel,       // debug, info, warn, error
};

using Value = std::variant<std::string, std::vector<std::string>, uint64_t,
                           std::chrono::milliseconds, int64_t, core::log::Level>;

struct Setting {
  std::string_view key;   // TOML key path, "cache.size"
  std::string_view flag;  // "--cache-size"
  ValueKind kind;
  std::string_view help;
  void (*apply)(EdgeConfig& config, const Value& value);
  int64_t min = 0;  // kInteger, kSize and kDuration (milliseconds): inclusive bounds
  int64_t max = INT64_MAX;
};

std::span<const Setting> settings();
const Setting* find_setting_by_key(std::string_view key);
const Setting* find_setting_by_flag(std::string_view flag);

// Parses a flag's text (or a file's string) into the setting's value, checking its range.
// The error is the reason only; the caller names the flag or key.
std::expected<Value, std::string> parse_value(const Setting& setting, std::string_view text);
// Checks the range of an already typed number (a TOML integer).
std::expected<Value, std::string> check_range(const Setting& setting, Value value);

// "a, b,c" -> {"a", "b", "c"}; an empty item is an error.
std::expected<std::vector<std::string>, std::string> split_list(std::string_view text);

// The flags and keys of the certificate pairs, which the table cannot express.
inline constexpr std::string_view kCertFlag = "--cert";
inline constexpr std::string_view kKeyFlag = "--key";
inline constexpr std::string_view kConfigFlag = "--config";
inline constexpr std::string_view kCertificatesKey = "tls.certificates";
// The fleet's regions and PoPs, arrays of tables in the file only.
inline constexpr std::string_view kGeoRegionsKey = "geo.region";
inline constexpr std::string_view kGeoPopsKey = "geo.pop";

}  // namespace edge::config
