// The `ts` and `level` texts of log lines.
#include <time.h>

#include <cstdio>

#include "core/log/logger.h"

namespace core::log {

std::string format_timestamp(std::chrono::system_clock::time_point time) {
  auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
  // Floor division, so instants before 1970 still get a millisecond part in [0, 999].
  time_t seconds = static_cast<time_t>(millis / 1000 - (millis % 1000 < 0 ? 1 : 0));
  int ms = static_cast<int>(millis - static_cast<int64_t>(seconds) * 1000);
  struct tm utc {};
  gmtime_r(&seconds, &utc);
  char buffer[40];
  int n = std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                        utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min,
                        utc.tm_sec, ms);
  return std::string(buffer, n > 0 ? static_cast<size_t>(n) : 0);
}

std::string_view to_string(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}

}  // namespace core::log
