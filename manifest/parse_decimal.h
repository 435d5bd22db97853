// A fast exact reader for the short decimal numbers that fill playlists ("4.004000", "29.970"),
// shared by the EXTINF and attribute readers. Internal to manifest/.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace manifest {

// Digits with at most one '.', as scanned by scan_decimal.
struct ShortDecimal {
  uint64_t digits = 0;  // all digits as one integer; meaningless when count > kMaxDigits
  size_t count = 0;     // digits in all
  size_t fraction = 0;  // digits after the '.'

  // Up to 15 digits the integer and the power of ten are exact doubles, and one IEEE
  // division rounds the quotient correctly: the same double as from_chars gives. Longer
  // numbers (and no digits at all) are nullopt, for the caller's general path.
  static constexpr size_t kMaxDigits = 15;
  std::optional<double> exact_value() const {
    static constexpr std::array<double, kMaxDigits + 1> kPowersOfTen = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    if (count == 0 || count > kMaxDigits) return std::nullopt;
    return static_cast<double>(digits) / kPowersOfTen[fraction];
  }
};

// Appends the digits at p to `digits`; returns where they end.
inline const char* scan_digits(const char* p, const char* end, uint64_t& digits) {
  for (; p != end; ++p) {
    const unsigned digit = static_cast<unsigned char>(*p) - unsigned{'0'};
    if (digit > 9) break;
    digits = digits * 10 + digit;
  }
  return p;
}

// Reads digits, then at most one '.' and more digits, from [p, end); returns where it stopped.
inline const char* scan_decimal(const char* p, const char* end, ShortDecimal& out) {
  const char* start = p;
  p = scan_digits(p, end, out.digits);
  out.count = static_cast<size_t>(p - start);
  if (p == end || *p != '.') return p;
  const char* fraction = ++p;
  p = scan_digits(p, end, out.digits);
  out.fraction = static_cast<size_t>(p - fraction);
  out.count += out.fraction;
  return p;
}

}  // namespace manifest
