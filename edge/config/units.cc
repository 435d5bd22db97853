// Size and duration parsing with overflow checks: a configuration value never wraps.
#include "edge/config/units.h"

#include <array>
#include <limits>
#include <optional>
#include <utility>

namespace edge::config {
namespace {

constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Leading digits of `text` as a number; nullopt when there are none or they overflow.
std::optional<uint64_t> take_digits(std::string_view& text) {
  if (text.empty() || !is_digit(text.front())) return std::nullopt;
  uint64_t value = 0;
  while (!text.empty() && is_digit(text.front())) {
    uint64_t digit = static_cast<uint64_t>(text.front() - '0');
    if (value > (kMax - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
    text.remove_prefix(1);
  }
  return value;
}

std::string lowercase(std::string_view text) {
  std::string out;
  for (char c : text)
    out += lower(c);
  return out;
}

}  // namespace

std::expected<uint64_t, std::string> parse_size(std::string_view text) {
  constexpr std::string_view kUsage = "not a size (use bytes or a unit: 4096, 512K, 10M, 2G)";
  std::string_view rest = text;
  auto number = take_digits(rest);
  if (!number)
    return std::unexpected(rest.empty() || !is_digit(rest.front()) ? std::string(kUsage)
                                                                   : "size too large");
  std::string unit = lowercase(rest);
  static constexpr std::array<std::pair<char, int>, 4> kShifts = {
      {{'k', 10}, {'m', 20}, {'g', 30}, {'t', 40}}};
  int shift = -1;
  if (unit.empty() || unit == "b") {
    shift = 0;
  } else {
    for (auto [letter, bits] : kShifts) {
      if (unit.front() != letter) continue;
      std::string_view suffix = std::string_view(unit).substr(1);
      if (suffix.empty() || suffix == "b" || suffix == "ib") shift = bits;
    }
  }
  if (shift < 0) return std::unexpected(std::string(kUsage));
  if (shift > 0 && *number > (kMax >> shift)) return std::unexpected("size too large");
  return *number << shift;
}

std::expected<std::chrono::milliseconds, std::string> parse_duration(std::string_view text) {
  constexpr std::string_view kUsage = "not a duration (use a unit: 500ms, 10s, 2m, 1h)";
  std::string_view rest = text;
  auto whole = take_digits(rest);
  if (!whole) return std::unexpected(std::string(kUsage));
  // Up to three fraction digits matter at millisecond resolution; more are dropped.
  uint64_t thousandths = 0;  // the fraction part, in thousandths of the unit
  if (!rest.empty() && rest.front() == '.') {
    rest.remove_prefix(1);
    if (rest.empty() || !is_digit(rest.front())) return std::unexpected(std::string(kUsage));
    uint64_t scale = 100;
    while (!rest.empty() && is_digit(rest.front())) {
      thousandths += static_cast<uint64_t>(rest.front() - '0') * scale;
      scale /= 10;
      rest.remove_prefix(1);
    }
  }
  std::string unit = lowercase(rest);
  uint64_t unit_ms = 0;
  if (unit == "ms") {
    unit_ms = 1;
  } else if (unit == "s") {
    unit_ms = 1000;
  } else if (unit == "m") {
    unit_ms = 60'000;
  } else if (unit == "h") {
    unit_ms = 3'600'000;
  } else if (unit.empty() && *whole == 0 && thousandths == 0) {
    return std::chrono::milliseconds(0);
  } else {
    return std::unexpected(std::string(kUsage));
  }
  constexpr uint64_t kLimit = static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) / 2;
  if (*whole > kLimit / unit_ms) return std::unexpected("duration too long");
  uint64_t ms = *whole * unit_ms + thousandths * unit_ms / 1000;
  return std::chrono::milliseconds(static_cast<int64_t>(ms));
}

}  // namespace edge::config
