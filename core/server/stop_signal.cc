// A libevent loop of its own for the three signals, gone when the wait ends.
#include "core/server/stop_signal.h"

#include <event2/event.h>
#include <signal.h>

#include "core/base/unique_handle.h"

namespace core::server {
namespace {

struct Wait {
  const std::function<void(int)>& on_stop;
  const std::function<void()>& on_hangup;
  event_base* loop;
};

void on_signal(evutil_socket_t signal_number, short, void* arg) {
  auto* wait = static_cast<Wait*>(arg);
  if (signal_number == SIGHUP) {
    wait->on_hangup();
    return;
  }
  wait->on_stop(static_cast<int>(signal_number));
  event_base_loopbreak(wait->loop);
}

}  // namespace

std::expected<void, std::string> wait_for_stop_signal(const std::function<void(int)>& on_stop,
                                                      const std::function<void()>& on_hangup) {
  using Event = base::UniqueHandle<event, event_free>;
  base::UniqueHandle<event_base, event_base_free> loop(event_base_new());
  if (!loop) return std::unexpected("cannot create the signal loop");
  Wait wait{on_stop, on_hangup, loop.get()};
  Event events[] = {Event(evsignal_new(loop.get(), SIGTERM, &on_signal, &wait)),
                    Event(evsignal_new(loop.get(), SIGINT, &on_signal, &wait)),
                    Event(evsignal_new(loop.get(), SIGHUP, &on_signal, &wait))};
  for (const Event& e : events) {
    if (!e || event_add(e.get(), nullptr) != 0)
      return std::unexpected("cannot watch SIGTERM, SIGINT and SIGHUP");
  }
  event_base_dispatch(loop.get());
  return {};
}

}  // namespace core::server
