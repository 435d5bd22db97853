// Every unit parser is one table of unit names over one decimal reader, with overflow checks:
// a flag's value never wraps.
#include "bench/delay_proxy/units.h"

#include <charconv>
#include <limits>
#include <optional>
#include <span>

namespace bench::delay_proxy {
namespace {

constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
// Fraction digits past these cannot change a result scaled by at most 2^30.
constexpr int kFractionDigits = 9;

struct Unit {
  std::string_view name;
  uint64_t factor;
};

// "2.5M" as 2, 5/10 and "M".
struct Decimal {
  uint64_t whole = 0;
  uint64_t numerator = 0;
  uint64_t denominator = 1;
  std::string_view unit;
};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

std::optional<Decimal> read_decimal(std::string_view text) {
  Decimal out;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out.whole);
  if (ec != std::errc()) return std::nullopt;
  text.remove_prefix(static_cast<size_t>(end - text.data()));
  if (!text.empty() && text.front() == '.') {
    text.remove_prefix(1);
    if (text.empty() || !is_digit(text.front())) return std::nullopt;
    for (int digits = 0; !text.empty() && is_digit(text.front()); ++digits) {
      if (digits < kFractionDigits) {
        out.numerator = out.numerator * 10 + static_cast<uint64_t>(text.front() - '0');
        out.denominator *= 10;
      }
      text.remove_prefix(1);
    }
  }
  out.unit = text;
  return out;
}

// `text` in the smallest unit of `units`; the error is `usage`, or says the value is too large.
std::expected<uint64_t, std::string> read_with_units(std::string_view text,
                                                     std::span<const Unit> units,
                                                     std::string_view usage) {
  const auto decimal = read_decimal(text);
  if (!decimal) return std::unexpected(std::string(usage));
  for (const Unit& unit : units) {
    if (unit.name != decimal->unit) continue;
    if (decimal->whole > kMax / unit.factor) return std::unexpected("too large");
    const uint64_t whole = decimal->whole * unit.factor;
    const uint64_t part = decimal->numerator * unit.factor / decimal->denominator;
    if (part > kMax - whole) return std::unexpected("too large");
    return whole + part;
  }
  return std::unexpected(std::string(usage));
}

}  // namespace

std::expected<std::chrono::microseconds, std::string> parse_duration(std::string_view text) {
  static constexpr Unit kUnits[] = {{"us", 1}, {"ms", 1'000}, {"s", 1'000'000}};
  constexpr uint64_t kHour = 3'600'000'000;
  if (text == "0") return std::chrono::microseconds(0);
  auto value = read_with_units(text, kUnits, "not a duration (250us, 7.5ms, 1s)");
  if (!value) return std::unexpected(value.error());
  if (*value > kHour) return std::unexpected("longer than an hour");
  return std::chrono::microseconds(static_cast<int64_t>(*value));
}

std::expected<uint64_t, std::string> parse_rate(std::string_view text) {
  static constexpr Unit kUnits[] = {
      {"", 1}, {"k", 1'000}, {"K", 1'000}, {"M", 1'000'000}, {"G", 1'000'000'000}};
  auto bits = read_with_units(text, kUnits, "not a rate in bits per second (500k, 10M, 1G)");
  if (!bits) return std::unexpected(bits.error());
  if (*bits > 0 && *bits < 8) return std::unexpected("under 8 bits per second (0 means unlimited)");
  return *bits / 8;
}

std::expected<uint64_t, std::string> parse_size(std::string_view text) {
  static constexpr Unit kUnits[] = {
      {"", 1}, {"K", uint64_t{1} << 10}, {"M", uint64_t{1} << 20}, {"G", uint64_t{1} << 30}};
  auto bytes = read_with_units(text, kUnits, "not a size in bytes (65536, 64K, 1M)");
  if (!bytes) return std::unexpected(bytes.error());
  if (*bytes == 0) return std::unexpected("must be at least one byte");
  return bytes;
}

std::expected<uint64_t, std::string> parse_count(std::string_view text, uint64_t max) {
  uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 1 || value > max)
    return std::unexpected("not a whole number in 1.." + std::to_string(max));
  return value;
}

}  // namespace bench::delay_proxy
