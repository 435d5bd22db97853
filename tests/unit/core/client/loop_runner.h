// Drives a libevent loop in a test until a condition holds, with a generous guard so that a
// broken client fails the test instead of hanging it.
#pragma once

#include <event2/event.h>

#include <chrono>
#include <functional>
#include <memory>

namespace test {

class LoopRunner {
 public:
  LoopRunner() : base_(event_base_new()) {}
  ~LoopRunner() { event_base_free(base_); }
  LoopRunner(const LoopRunner&) = delete;
  LoopRunner& operator=(const LoopRunner&) = delete;

  event_base* base() const { return base_; }

  // Runs the loop until `done()` is true; false if the guard time passed first.
  bool run_until(const std::function<bool()>& done,
                 std::chrono::milliseconds guard = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + guard;
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      run_for(std::chrono::milliseconds(5));
    }
    return true;
  }

  // Runs the loop for about `time`, handling whatever happens meanwhile.
  void run_for(std::chrono::milliseconds time) {
    timeval tv{static_cast<time_t>(time.count() / 1000),
               static_cast<suseconds_t>((time.count() % 1000) * 1000)};
    event_base_loopexit(base_, &tv);
    event_base_dispatch(base_);
  }

 private:
  event_base* base_;
};

}  // namespace test
