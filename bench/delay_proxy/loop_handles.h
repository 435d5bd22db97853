// The libevent handles delayproxy owns, through core's one RAII template, and the conversions
// between its clock's time points and what timers and token buckets take.
#pragma once

#include <event2/event.h>
#include <sys/time.h>

#include <algorithm>
#include <chrono>
#include <cstdint>

#include "core/base/unique_handle.h"

namespace bench::delay_proxy {

using Event = core::base::UniqueHandle<event, event_free>;
using EventBase = core::base::UniqueHandle<event_base, event_base_free>;
using TimePoint = std::chrono::steady_clock::time_point;

// `wait` as libevent takes it, rounded up to the microsecond so that a timer never fires
// before `wait`; a negative wait is zero.
inline timeval to_timeval(std::chrono::steady_clock::duration wait) {
  const auto micros =
      std::max<int64_t>(std::chrono::ceil<std::chrono::microseconds>(wait).count(), 0);
  return timeval{static_cast<time_t>(micros / 1'000'000),
                 static_cast<suseconds_t>(micros % 1'000'000)};
}

// Arms `timer` to fire `wait` from now.
inline void arm_timer(event* timer, std::chrono::steady_clock::duration wait) {
  const timeval tv = to_timeval(wait);
  evtimer_add(timer, &tv);
}

// Whole milliseconds of the steady clock, the time of token buckets, and back.
inline int64_t to_millis(TimePoint time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}
inline TimePoint from_millis(int64_t millis) {
  return TimePoint(std::chrono::milliseconds(millis));
}

}  // namespace bench::delay_proxy
