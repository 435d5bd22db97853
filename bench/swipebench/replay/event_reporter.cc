// EventReporter: JSON batches of DESIGN.md's event shape, oldest first.
#include "bench/swipebench/replay/event_reporter.h"

#include <nlohmann/json.hpp>

#include "core/base/timeval.h"

namespace swipebench::replay {

std::expected<std::unique_ptr<EventReporter>, std::string> EventReporter::create(
    event_base* loop, const std::string& origin, std::chrono::milliseconds timeout,
    std::chrono::milliseconds interval, size_t batch) {
  auto endpoint = core::client::HttpEndpoint::create(loop, origin, timeout);
  if (!endpoint) return std::unexpected(endpoint.error());
  return std::unique_ptr<EventReporter>(
      new EventReporter(std::move(*endpoint), loop, interval, batch));
}

EventReporter::EventReporter(std::unique_ptr<core::client::HttpEndpoint> endpoint, event_base* loop,
                             std::chrono::milliseconds interval, size_t batch)
    : endpoint_(std::move(endpoint)),
      batch_(batch),
      timer_(event_new(loop, -1, EV_PERSIST, &EventReporter::on_timer, this)) {
  const timeval every = core::base::to_timeval(interval);
  if (timer_) event_add(timer_.get(), &every);
}

void EventReporter::on_timer(evutil_socket_t, short, void* self) {
  static_cast<EventReporter*>(self)->flush();
}

void EventReporter::flush() {
  if (in_flight_ || queued_.empty()) return;
  const size_t n = std::min(batch_, queued_.size());
  nlohmann::json events = nlohmann::json::array();
  for (size_t i = 0; i < n; ++i) {
    const WatchEvent& e = queued_[i];
    events.push_back({{"user", e.user},
                      {"video", e.video},
                      {"watch_ms", e.watch_ms},
                      {"duration_ms", e.duration_ms},
                      {"action", e.action},
                      {"region", e.region}});
  }
  queued_.erase(queued_.begin(), queued_.begin() + static_cast<std::ptrdiff_t>(n));
  core::http::Request request;
  request.method = "POST";
  request.target = "/api/events";
  request.headers.add("content-type", "application/json");
  request.body = nlohmann::json{{"events", std::move(events)}}.dump();
  in_flight_ = true;
  endpoint_->call(request, [this, n](std::expected<core::client::HttpReply, std::string> reply) {
    in_flight_ = false;
    const bool ok = reply && reply->status / 100 == 2;
    (ok ? counts_.sent : counts_.refused) += n;
  });
}

}  // namespace swipebench::replay
