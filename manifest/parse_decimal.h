// A fast exact reader for the short decimal numbers that fill playlists ("4.004000", "29.970"),
// shared by the EXTINF and attribute readers. Internal to manifest/.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

namespace manifest {

// Digits with at most one '.', as scanned by scan_decimal.
struct ShortDecimal {
  uint64_t digits = 0;    // all digits as one integer; meaningless when count > kMaxDigits
  unsigned count = 0;     // digits in all
  unsigned fraction = 0;  // digits after the '.'

  // Up to 15 digits the integer and the power of ten are exact doubles, and one IEEE
  // division rounds the quotient correctly: the same double as from_chars gives. Longer
  // numbers (and no digits at all) are nullopt, for the caller's general path.
  static constexpr unsigned kMaxDigits = 15;
  std::optional<double> exact_value() const {
    static constexpr std::array<double, kMaxDigits + 1> kPowersOfTen = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    if (count == 0 || count > kMaxDigits) return std::nullopt;
    return static_cast<double>(digits) / kPowersOfTen[fraction];
  }
};

inline bool is_decimal_digit(char c) {
  return c >= '0' && c <= '9';
}

// Reads digits, then at most one '.' and more digits, from [p, end); returns where it stopped.
inline const char* scan_decimal(const char* p, const char* end, ShortDecimal& out) {
  while (p != end && is_decimal_digit(*p)) {
    out.digits = out.digits * 10 + static_cast<unsigned>(*p - '0');
    ++out.count;
    ++p;
  }
  if (p == end || *p != '.') return p;
  ++p;
  while (p != end && is_decimal_digit(*p)) {
    out.digits = out.digits * 10 + static_cast<unsigned>(*p - '0');
    ++out.count;
    ++out.fraction;
    ++p;
  }
  return p;
}

}  // namespace manifest
