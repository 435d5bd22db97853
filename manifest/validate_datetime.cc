// ISO/IEC 8601 date-times as HLS uses them (EXT-X-PROGRAM-DATE-TIME, DATERANGE START-DATE and
// END-DATE): a full date, a time with optional fraction, and a time zone, which the validator
// requires so that dates from different encoders compare.
#include <cstdint>

#include "manifest/validate_walk.h"

namespace manifest {
namespace {

// Reads exactly `digits` decimal digits at `pos`.
bool read_digits(std::string_view text, size_t& pos, size_t digits, int& out) {
  if (text.size() - pos < digits) return false;
  out = 0;
  for (size_t i = 0; i < digits; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  pos += digits;
  return true;
}

bool expect(std::string_view text, size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

bool leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap(year) ? 29 : kDays[month - 1];
}

// Days from 1970-01-01 to the given date of the proleptic Gregorian calendar, counted in
// 400-year eras of 146097 days with years starting in March, so leap days fall last.
int64_t days_from_civil(int year, int month, int day) {
  const int64_t y = static_cast<int64_t>(year) - (month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t year_of_era = y - era * 400;
  const int64_t shifted_month = month > 2 ? month - 3 : month + 9;
  const int64_t day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

// The time zone at `pos`: Z, +hh:mm, +hhmm or +hh (or with '-'); its offset from UTC in seconds.
bool read_zone(std::string_view text, size_t& pos, int& offset) {
  if (expect(text, pos, 'Z') || expect(text, pos, 'z')) {
    offset = 0;
    return pos == text.size();
  }
  if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) return false;
  const int sign = text[pos] == '-' ? -1 : 1;
  ++pos;
  int hours = 0;
  int minutes = 0;
  if (!read_digits(text, pos, 2, hours) || hours > 23) return false;
  if (pos < text.size()) {
    expect(text, pos, ':');
    if (!read_digits(text, pos, 2, minutes) || minutes > 59) return false;
  }
  offset = sign * (hours * 3600 + minutes * 60);
  return pos == text.size();
}

}  // namespace

std::optional<double> parse_date_time(std::string_view text) {
  size_t pos = 0;
  int year = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!read_digits(text, pos, 4, year) || !expect(text, pos, '-') ||
      !read_digits(text, pos, 2, month) || !expect(text, pos, '-') ||
      !read_digits(text, pos, 2, day) || !(expect(text, pos, 'T') || expect(text, pos, 't')) ||
      !read_digits(text, pos, 2, hour) || !expect(text, pos, ':') ||
      !read_digits(text, pos, 2, minute) || !expect(text, pos, ':') ||
      !read_digits(text, pos, 2, second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 ||
      minute > 59 || second > 60) {
    return std::nullopt;
  }
  double fraction = 0;
  if (expect(text, pos, '.') || expect(text, pos, ',')) {
    double scale = 0.1;
    const size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      fraction += (text[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  int offset = 0;
  if (!read_zone(text, pos, offset)) return std::nullopt;
  const int64_t seconds = days_from_civil(year, month, day) * 86400 + int64_t{hour} * 3600 +
                          int64_t{minute} * 60 + second - offset;
  return static_cast<double>(seconds) + fraction;
}

}  // namespace manifest
