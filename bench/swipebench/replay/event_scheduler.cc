// One libevent timer event per Timer; the event is freed with its Timer, so a player destroyed
// with timers pending leaves nothing on the loop.
#include "bench/swipebench/replay/event_scheduler.h"

#include <event2/event.h>

#include <chrono>

#include "core/base/unique_handle.h"

namespace swipebench::replay {
namespace {

using EventPtr = core::base::UniqueHandle<event, event_free>;

class EventTimer final : public Timer {
 public:
  EventTimer(event_base* loop, int64_t delay_ms, std::function<void()> fn) : fn_(std::move(fn)) {
    event_.reset(evtimer_new(loop, &EventTimer::fire, this));
    timeval tv{.tv_sec = delay_ms / 1000,
               .tv_usec = static_cast<suseconds_t>(delay_ms % 1000) * 1000};
    evtimer_add(event_.get(), &tv);
  }

 private:
  static void fire(evutil_socket_t /*fd*/, short /*what*/, void* self) {
    // The callback may destroy this timer: move the function out first.
    auto fn = std::move(static_cast<EventTimer*>(self)->fn_);
    fn();
  }
  std::function<void()> fn_;
  EventPtr event_;
};

}  // namespace

int64_t EventScheduler::now_ms() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::unique_ptr<Timer> EventScheduler::at(int64_t at_ms, std::function<void()> fn) {
  return std::make_unique<EventTimer>(loop_, std::max<int64_t>(0, at_ms - now_ms()), std::move(fn));
}

}  // namespace swipebench::replay
