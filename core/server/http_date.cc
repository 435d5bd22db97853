// HttpDate: gmtime_r and fixed English names (strftime would follow the process locale).
#include "core/server/http_date.h"

#include <cstdio>
#include <ctime>

namespace core::server {
namespace {

constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

}  // namespace

std::string_view HttpDate::at(int64_t unix_seconds) {
  if (unix_seconds == cached_) return {text_.data(), size_};
  const auto t = static_cast<time_t>(unix_seconds);
  tm parts{};
  if (gmtime_r(&t, &parts) == nullptr) return {};
  const int n = std::snprintf(text_.data(), text_.size(), "%s, %02d %s %04d %02d:%02d:%02d GMT",
                              kDays[parts.tm_wday % 7], parts.tm_mday, kMonths[parts.tm_mon % 12],
                              parts.tm_year + 1900, parts.tm_hour, parts.tm_min, parts.tm_sec);
  if (n <= 0 || static_cast<size_t>(n) >= text_.size()) return {};
  cached_ = unix_seconds;
  size_ = static_cast<size_t>(n);
  return {text_.data(), size_};
}

}  // namespace core::server
