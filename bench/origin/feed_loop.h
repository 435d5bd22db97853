// The load generator's timing on one libevent loop: an open-loop schedule (requests leave at
// fixed times whatever the server does, so a stall shows in the latency of every request it
// delays), running the loop until a condition holds, and the CPU time of server processes.
#pragma once

#include <event2/event.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <vector>

#include "core/base/unique_handle.h"

namespace bench::feed {

using Clock = std::chrono::steady_clock;
using Loop = core::base::UniqueHandle<event_base, event_base_free>;

// A loop whose timers use the kernel's precise timers, so a 0.5 ms schedule is kept.
Loop make_loop();

inline double ms_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

// Calls `issue(scheduled)` for the i-th request at start + i / rate, for `seconds`; late
// calls are made as soon as the loop gets to them, with their original scheduled time.
class OpenLoop {
 public:
  using Issue = std::function<void(Clock::time_point scheduled)>;
  OpenLoop(event_base* loop, double rate, double seconds, Issue issue);
  OpenLoop(const OpenLoop&) = delete;
  OpenLoop& operator=(const OpenLoop&) = delete;

  void start();
  bool finished() const { return issued_ >= total_; }
  std::size_t issued() const { return issued_; }

 private:
  static void fire(evutil_socket_t, short, void* self);
  void arm();

  double rate_;
  std::size_t total_;
  Issue issue_;
  Clock::time_point start_;
  std::size_t issued_ = 0;
  core::base::UniqueHandle<event, event_free> timer_;
};

// Runs `loop` until `done()` holds (checked every 2 ms) or `limit` seconds pass; false on
// the limit.
bool run_until(event_base* loop, const std::function<bool()>& done, double limit);

// User and system CPU seconds of each of `pids` so far (0 for a pid that is gone).
std::vector<double> cpu_seconds(const std::vector<int>& pids);
// What each of `pids` used since `before` (an earlier cpu_seconds of the same pids).
std::vector<double> cpu_since(const std::vector<double>& before, const std::vector<int>& pids);

}  // namespace bench::feed
