// A loop of its own, run until the one call finishes.
#include "control/ctl/blocking_call.h"

#include <event2/event.h>

#include "core/base/unique_handle.h"

namespace control::ctl {

std::expected<core::client::HttpReply, std::string> blocking_call(
    const std::string& base_url, const core::http::Request& request,
    std::chrono::milliseconds timeout) {
  core::base::UniqueHandle<event_base, event_base_free> loop(event_base_new());
  if (!loop) return std::unexpected("cannot create an event loop");
  auto endpoint = core::client::HttpEndpoint::create(loop.get(), base_url, timeout);
  if (!endpoint) return std::unexpected(endpoint.error());
  std::expected<core::client::HttpReply, std::string> result = std::unexpected("no answer");
  (*endpoint)->call(request, [&](std::expected<core::client::HttpReply, std::string> reply) {
    result = std::move(reply);
    event_base_loopbreak(loop.get());
  });
  event_base_dispatch(loop.get());
  return result;
}

}  // namespace control::ctl
