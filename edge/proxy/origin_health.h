// Health marking of one origin on one worker: consecutive connect failures or timeouts mark
// it down for a while; after that it is tried again, and one more failure marks it down at
// once (a half-open probe) until a response resets the count.
#pragma once

#include <chrono>

namespace edge::proxy {

class OriginHealth {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  OriginHealth(int failures_before_down, std::chrono::milliseconds down_time)
      : threshold_(failures_before_down < 1 ? 1 : failures_before_down), down_time_(down_time) {}

  bool up(TimePoint now) const { return now >= down_until_; }
  // A connect failure or timeout; true when it marks the origin down.
  bool record_failure(TimePoint now) {
    if (failures_ < threshold_) ++failures_;
    if (failures_ < threshold_ || !up(now)) return false;
    down_until_ = now + down_time_;
    return true;
  }
  // The origin answered with a response head.
  void record_success() {
    failures_ = 0;
    down_until_ = TimePoint{};
  }

 private:
  int threshold_;
  std::chrono::milliseconds down_time_;
  int failures_ = 0;
  TimePoint down_until_{};
};

}  // namespace edge::proxy
