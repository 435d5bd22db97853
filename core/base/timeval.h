// Durations as libevent takes them.
#pragma once

#include <sys/time.h>

#include <algorithm>
#include <chrono>

namespace core::base {

// `duration` as a timeval; negative durations become zero.
inline timeval to_timeval(std::chrono::milliseconds duration) {
  const auto ms = std::max<std::chrono::milliseconds::rep>(duration.count(), 0);
  return timeval{static_cast<time_t>(ms / 1000), static_cast<suseconds_t>((ms % 1000) * 1000)};
}

}  // namespace core::base
