// Time as a dependency: code that reads the clock takes a Clock so tests can drive it.
#pragma once

#include <chrono>
#include <cstdint>

namespace core::base {

class Clock {
 public:
  virtual ~Clock() = default;
  // Monotonic time, for timeouts and latencies.
  virtual std::chrono::steady_clock::time_point now() const = 0;
  // Wall-clock Unix seconds, for protocol timestamps (Date, Age, signatures).
  virtual int64_t unix_seconds() const = 0;
  // Wall-clock Unix milliseconds, for rates and expiries finer than a second. Clocks that only
  // know seconds (test clocks) answer the start of the second.
  virtual int64_t unix_millis() const { return unix_seconds() * 1000; }
};

// The real clocks of the machine.
class SystemClock final : public Clock {
 public:
  std::chrono::steady_clock::time_point now() const override {
    return std::chrono::steady_clock::now();
  }
  int64_t unix_seconds() const override {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  int64_t unix_millis() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

}  // namespace core::base
