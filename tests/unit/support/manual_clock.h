// A clock the test moves by hand: wall time in milliseconds, monotonic time in step with it.
#pragma once

#include <chrono>
#include <cstdint>

#include "core/base/clock.h"

namespace test_support {

class ManualClock final : public core::base::Clock {
 public:
  explicit ManualClock(int64_t unix_ms = 1'800'000'000'000) : unix_ms_(unix_ms) {}

  std::chrono::steady_clock::time_point now() const override {
    return std::chrono::steady_clock::time_point(std::chrono::milliseconds(unix_ms_));
  }
  int64_t unix_seconds() const override { return unix_ms_ / 1000; }
  int64_t unix_millis() const override { return unix_ms_; }

  void advance(std::chrono::milliseconds by) { unix_ms_ += by.count(); }

 private:
  int64_t unix_ms_;
};

}  // namespace test_support
