// edged's access log: the proxy's done step hands over a record per request, written here as
// one JSON line with the CMCD keys the player sent.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>

#include "core/log/logger.h"
#include "edge/proxy/access_record.h"

namespace edge {

// The line for `record`, timestamped `now`.
nlohmann::json access_line(const proxy::AccessRecord& record,
                           std::chrono::system_clock::time_point now);

// A sink writing each record into `log` (which must outlive it). Never blocks: the logger
// drops and counts when its queue is full.
proxy::AccessLogSink access_log_sink(core::log::Logger& log);

}  // namespace edge
