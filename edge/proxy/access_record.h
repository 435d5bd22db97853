// The done step's hook: one record per request, which edged's main turns into a JSON access
// log line. Views are valid only during the call.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string_view>

#include "core/http/message.h"
#include "edge/proxy/cmcd.h"

namespace edge::proxy {

struct AccessRecord {
  std::string_view method;
  std::string_view path;                 // without the query
  std::string_view query;                // as received, CMCD included
  int status = 0;                        // what the viewer was sent; 0 if not even a head went out
  uint64_t bytes = 0;                    // response body bytes handed to the codec
  std::chrono::nanoseconds duration{0};  // from the request's arrival to the end
  core::http::Protocol protocol = core::http::Protocol::kHttp11;
  std::string_view peer;           // "ip:port"
  std::string_view upstream;       // origin authority, empty when none was asked
  std::string_view cache_status;   // "MISS" until the cache exists; empty when no lookup
  std::string_view outcome;        // proxy_metrics.h's Outcome label
  const CmcdKeys* cmcd = nullptr;  // never null in a record the proxy makes
};

// Called on the worker's loop thread, once per request, as the request ends; must not block
// (hand the line to core::log::Logger, whose queue never waits).
using AccessLogSink = std::function<void(const AccessRecord& record)>;

}  // namespace edge::proxy
