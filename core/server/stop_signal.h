// The main thread of a daemon waits here for SIGTERM or SIGINT while its workers serve.
#pragma once

#include <expected>
#include <functional>
#include <string>

namespace core::server {

// Blocks until SIGTERM or SIGINT, then runs `on_stop(signal)` on the calling thread and
// returns. Each SIGHUP meanwhile runs `on_hangup` (reopen logs, reload) and the wait goes on.
// The error says why the signals could not be watched.
std::expected<void, std::string> wait_for_stop_signal(const std::function<void(int)>& on_stop,
                                                      const std::function<void()>& on_hangup);

}  // namespace core::server
