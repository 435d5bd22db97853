// Time for the player model: the current time and one-shot timers. The engine runs it on a
// libevent loop (event_scheduler.h); tests drive a fake one, so a stall can be tested without
// waiting for it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

namespace swipebench::replay {

// A pending timer; destroying it cancels the callback if it has not run.
class Timer {
 public:
  virtual ~Timer() = default;
};

class Scheduler {
 public:
  virtual ~Scheduler() = default;
  // Milliseconds on a monotonic clock.
  virtual int64_t now_ms() const = 0;
  // Runs `fn` once at `at_ms` (or at once from the loop when that is past), never inside
  // this call.
  virtual std::unique_ptr<Timer> at(int64_t at_ms, std::function<void()> fn) = 0;
};

}  // namespace swipebench::replay
