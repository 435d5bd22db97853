// parse_http_date: a cursor over the three fixed layouts; the day name is read but not checked
// against the date (a wrong weekday does not make Expires any less of a date).
#include "core/http/http_date_parse.h"

#include <array>

#include "core/http/headers.h"

namespace core::http {
namespace {

constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  bool eat(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool peek(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
  void skip_spaces() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t'))
      ++pos_;
  }
  bool at_end() const { return pos_ == text_.size(); }

  std::string_view letters() {
    size_t start = pos_;
    while (pos_ < text_.size() && ((text_[pos_] >= 'A' && text_[pos_] <= 'Z') ||
                                   (text_[pos_] >= 'a' && text_[pos_] <= 'z'))) {
      ++pos_;
    }
    return text_.substr(start, pos_ - start);
  }

  // Between `min_digits` and `max_digits` decimal digits.
  std::optional<int> number(size_t min_digits, size_t max_digits) {
    size_t start = pos_;
    int n = 0;
    while (pos_ < text_.size() && pos_ - start < max_digits && text_[pos_] >= '0' &&
           text_[pos_] <= '9') {
      n = n * 10 + (text_[pos_++] - '0');
    }
    if (pos_ - start < min_digits) return std::nullopt;
    return n;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

std::optional<int> month(std::string_view name) {
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (core::http::equals_ignore_case(name, kMonths[i])) return static_cast<int>(i) + 1;
  }
  return std::nullopt;
}

bool leap(int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int64_t y, int m) {
  constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[static_cast<size_t>(m - 1)];
}

// Days since 1970-01-01 of a proleptic Gregorian date: whole 400-year eras (146097 days) plus
// the day within the era, counting years from March so that the leap day comes last.
int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t year_of_era = y - era * 400;
  const int64_t day_of_year = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

struct Parts {
  int64_t year = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
};

bool read_time(Cursor& c, Parts& p) {
  auto h = c.number(2, 2);
  if (!h || !c.eat(':')) return false;
  auto m = c.number(2, 2);
  if (!m || !c.eat(':')) return false;
  auto s = c.number(2, 2);
  if (!s) return false;
  p.hour = *h;
  p.minute = *m;
  p.second = *s;
  return true;
}

bool read_zone(Cursor& c) {
  std::string_view zone = c.letters();
  return zone == "GMT" || zone == "UTC";
}

std::optional<int64_t> to_unix(const Parts& p) {
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.day > days_in_month(p.year, p.month) ||
      p.hour > 23 || p.minute > 59 || p.second > 60 || p.year < 1600 || p.year > 9999) {
    return std::nullopt;
  }
  // A leap second reads as the last second of its minute.
  const int second = p.second == 60 ? 59 : p.second;
  return days_from_civil(p.year, p.month, p.day) * 86400 + int64_t{p.hour} * 3600 +
         int64_t{p.minute} * 60 + second;
}

int64_t year_of(int64_t unix_seconds) {
  int64_t year = 1970 + unix_seconds / 31556952;  // mean Gregorian year; corrected below
  while (days_from_civil(year, 1, 1) * 86400 > unix_seconds)
    --year;
  while (days_from_civil(year + 1, 1, 1) * 86400 <= unix_seconds)
    ++year;
  return year;
}

}  // namespace

std::optional<int64_t> parse_http_date(std::string_view text, int64_t now_s) {
  Cursor c(text);
  Parts p;
  c.skip_spaces();
  if (c.letters().size() < 3) return std::nullopt;
  if (c.eat(',')) {
    if (!c.eat(' ')) return std::nullopt;
    auto day = c.number(2, 2);
    if (!day) return std::nullopt;
    p.day = *day;
    if (c.eat(' ')) {  // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
      auto m = month(c.letters());
      if (!m || !c.eat(' ')) return std::nullopt;
      auto year = c.number(4, 4);
      if (!year || !c.eat(' ')) return std::nullopt;
      p.month = *m;
      p.year = *year;
    } else if (c.eat('-')) {  // RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT"
      auto m = month(c.letters());
      if (!m || !c.eat('-')) return std::nullopt;
      auto yy = c.number(2, 2);
      if (!yy || !c.eat(' ')) return std::nullopt;
      p.month = *m;
      const int64_t now_year = year_of(now_s);
      p.year = now_year - now_year % 100 + *yy;
      if (p.year > now_year + 50) p.year -= 100;
    } else {
      return std::nullopt;
    }
    if (!read_time(c, p) || !c.eat(' ') || !read_zone(c)) return std::nullopt;
  } else {  // asctime: "Sun Nov  6 08:49:37 1994"
    if (!c.eat(' ')) return std::nullopt;
    auto m = month(c.letters());
    if (!m || !c.eat(' ')) return std::nullopt;
    c.eat(' ');  // a one-digit day is padded with a space
    auto day = c.number(1, 2);
    if (!day || !c.eat(' ') || !read_time(c, p) || !c.eat(' ')) return std::nullopt;
    auto year = c.number(4, 4);
    if (!year) return std::nullopt;
    p.month = *m;
    p.day = *day;
    p.year = *year;
  }
  c.skip_spaces();
  if (!c.at_end()) return std::nullopt;
  return to_unix(p);
}

}  // namespace core::http
