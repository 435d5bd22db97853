// What a player app tells its origin: one interaction event per clip a viewer leaves
// (POST /api/events, DESIGN.md), batched. The origin ranks feeds and plans pre-warming from
// these, so a replay that did not send them would show the control plane a catalog nobody
// watches.
#pragma once

#include <event2/event.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bench/swipebench/replay/stats.h"
#include "core/base/unique_handle.h"
#include "core/client/http_endpoint.h"

namespace swipebench::replay {

struct WatchEvent {
  std::string user;
  std::string region;
  std::string video;
  int64_t watch_ms = 0;
  int64_t duration_ms = 0;  // the clip's media length, as its playlist says
  std::string action;       // view, skip, like, ... (the trace's)
};

class EventReporter {
 public:
  // Posts to `origin` (http://IP:port) on `loop` every `interval`, at most `batch` events a
  // request and one request at a time. The error says why `origin` is not a URL.
  static std::expected<std::unique_ptr<EventReporter>, std::string> create(
      event_base* loop, const std::string& origin, std::chrono::milliseconds timeout,
      std::chrono::milliseconds interval = std::chrono::milliseconds(500), size_t batch = 500);
  EventReporter(const EventReporter&) = delete;
  EventReporter& operator=(const EventReporter&) = delete;

  void add(WatchEvent event) { queued_.push_back(std::move(event)); }
  // Sends what is queued now (at most one request in flight).
  void flush();
  // Nothing queued and nothing in flight.
  bool idle() const { return queued_.empty() && !in_flight_; }
  const EventCounts& counts() const { return counts_; }

 private:
  EventReporter(std::unique_ptr<core::client::HttpEndpoint> endpoint, event_base* loop,
                std::chrono::milliseconds interval, size_t batch);
  static void on_timer(evutil_socket_t, short, void* self);

  std::unique_ptr<core::client::HttpEndpoint> endpoint_;
  size_t batch_;
  std::vector<WatchEvent> queued_;
  bool in_flight_ = false;
  EventCounts counts_;
  core::base::UniqueHandle<event, event_free> timer_;
};

}  // namespace swipebench::replay
