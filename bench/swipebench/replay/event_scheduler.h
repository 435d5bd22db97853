// The Scheduler of a real run: libevent timers on the replay's loop, milliseconds from the
// steady clock.
#pragma once

#include "bench/swipebench/replay/scheduler.h"

struct event_base;

namespace swipebench::replay {

class EventScheduler final : public Scheduler {
 public:
  explicit EventScheduler(event_base* loop) : loop_(loop) {}
  int64_t now_ms() const override;
  std::unique_ptr<Timer> at(int64_t at_ms, std::function<void()> fn) override;

 private:
  event_base* loop_;
};

}  // namespace swipebench::replay
