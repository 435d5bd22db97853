// Value parsers with overflow checks, and the table of top-level settings.
#include "control/config/config_values.h"

#include <charconv>
#include <functional>
#include <limits>

#include "core/client/origin_url.h"
#include "core/server/listen_socket.h"

namespace control::config {
namespace {

// Leading digits of `text`, consumed; nullopt when there are none or they overflow.
std::optional<uint64_t> leading_number(std::string_view& text) {
  uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc()) return std::nullopt;
  text.remove_prefix(static_cast<size_t>(end - text.data()));
  return value;
}

std::expected<core::log::Level, std::string> parse_level(std::string_view text) {
  for (auto level : {core::log::Level::kDebug, core::log::Level::kInfo, core::log::Level::kWarn,
                     core::log::Level::kError}) {
    if (core::log::to_string(level) == text) return level;
  }
  return std::unexpected("not a log level (debug, info, warn, error)");
}

using Setter = std::function<std::expected<void, std::string>(ControlConfig&, std::string_view)>;

template <typename T>
Setter text_into(T ControlConfig::*member) {
  return [member](ControlConfig& c, std::string_view text) -> std::expected<void, std::string> {
    c.*member = std::string(text);
    return {};
  };
}

Setter duration_into(std::chrono::milliseconds ControlConfig::*member) {
  return [member](ControlConfig& c, std::string_view text) -> std::expected<void, std::string> {
    auto value = parse_duration(text);
    if (!value) return std::unexpected(value.error());
    c.*member = *value;
    return {};
  };
}

Setter count_into(int ControlConfig::*member, int max) {
  return
      [member, max](ControlConfig& c, std::string_view text) -> std::expected<void, std::string> {
        auto value = parse_count(text, max);
        if (!value) return std::unexpected(value.error());
        c.*member = static_cast<int>(*value);
        return {};
      };
}

struct Setting {
  std::string_view key;
  Setter set;
};

const std::vector<Setting>& settings() {
  static const std::vector<Setting> kSettings = {
      {"origin",
       [](ControlConfig& c, std::string_view text) -> std::expected<void, std::string> {
         if (auto parsed = core::client::parse_origin_url(text); !parsed)
           return std::unexpected(parsed.error());
         c.origin = std::string(text);
         return {};
       }},
      {"redis",
       [](ControlConfig& c, std::string_view text) -> std::expected<void, std::string> {
         auto endpoint = core::redis::parse_endpoint(text);
         if (!endpoint) return std::unexpected("not a Redis URL (redis://host:port)");
         c.redis = *endpoint;
         return {};
       }},
      {"admin_secret", text_into(&ControlConfig::admin_secret)},
      {"interval", duration_into(&ControlConfig::interval)},
      {"leader_ttl", duration_into(&ControlConfig::leader_ttl)},
      {"held_ttl", duration_into(&ControlConfig::held_ttl)},
      {"request_timeout", duration_into(&ControlConfig::request_timeout)},
      {"hint_ttl", duration_into(&ControlConfig::hint_ttl)},
      {"feed_count", count_into(&ControlConfig::feed_count, 1'000)},
      {"horizon", duration_into(&ControlConfig::horizon)},
      {"health_failures", count_into(&ControlConfig::health_failures, 100)},
      {"redis_prefix", text_into(&ControlConfig::redis_prefix)},
      {"id", text_into(&ControlConfig::id)},
      // Parsed here, not only when the server binds, so that --check-config finds a typo.
      {"listen",
       [](ControlConfig& c, std::string_view text) -> std::expected<void, std::string> {
         if (auto address = core::server::parse_listen_address(text); !address)
           return std::unexpected(address.error());
         c.listen = std::string(text);
         return {};
       }},
      {"port_file", text_into(&ControlConfig::port_file)},
      {"log_file", text_into(&ControlConfig::log_file)},
      {"log_level",
       [](ControlConfig& c, std::string_view text) -> std::expected<void, std::string> {
         auto level = parse_level(text);
         if (!level) return std::unexpected(level.error());
         c.log_level = *level;
         return {};
       }},
  };
  return kSettings;
}

}  // namespace

std::expected<std::chrono::milliseconds, std::string> parse_duration(std::string_view text) {
  constexpr std::string_view kUsage = "not a duration (500ms, 5s, 2m, 1h)";
  std::string_view unit = text;
  auto number = leading_number(unit);
  if (!number) return std::unexpected(std::string(kUsage));
  if (unit.empty() && *number == 0) return std::chrono::milliseconds(0);
  uint64_t scale = 0;
  if (unit == "ms") scale = 1;
  if (unit == "s") scale = 1'000;
  if (unit == "m") scale = 60'000;
  if (unit == "h") scale = 3'600'000;
  if (scale == 0) return std::unexpected(std::string(kUsage));
  constexpr auto kMax = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  if (*number > kMax / scale) return std::unexpected("duration too long");
  return std::chrono::milliseconds(static_cast<int64_t>(*number * scale));
}

std::expected<uint64_t, std::string> parse_size(std::string_view text) {
  constexpr std::string_view kUsage = "not a size (bytes, or with K, M, G: 256M)";
  std::string_view unit = text;
  auto number = leading_number(unit);
  if (!number) return std::unexpected(std::string(kUsage));
  int shift = -1;
  if (unit.empty()) shift = 0;
  if (unit == "K" || unit == "k") shift = 10;
  if (unit == "M" || unit == "m") shift = 20;
  if (unit == "G" || unit == "g") shift = 30;
  if (shift < 0) return std::unexpected(std::string(kUsage));
  if (*number > (std::numeric_limits<uint64_t>::max() >> shift))
    return std::unexpected("size too large");
  return *number << shift;
}

std::expected<int64_t, std::string> parse_count(std::string_view text, int64_t max) {
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 1 || value > max)
    return std::unexpected("not a whole number in 1.." + std::to_string(max));
  return value;
}

std::expected<void, std::string> apply_setting(ControlConfig& config, std::string_view key,
                                               std::string_view text) {
  for (const Setting& setting : settings()) {
    if (setting.key == key) return setting.set(config, text);
  }
  return std::unexpected("unknown key");
}

std::string config_error(std::string_view file, std::string_view key, std::string_view value,
                         std::string_view reason) {
  std::string out;
  if (!file.empty()) out.append(file).append(": ");
  out.append(key);
  if (!value.empty()) out.append(" = \"").append(value).append("\"");
  out.append(": ").append(reason);
  return out;
}

}  // namespace control::config
