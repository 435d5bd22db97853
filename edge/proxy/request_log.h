// The done step, shared by requests refused at the door and requests that went through an
// exchange: counts the outcome and hands the access log its record.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "core/http/message.h"
#include "edge/proxy/cmcd.h"
#include "edge/proxy/proxy_metrics.h"
#include "edge/proxy/proxy_shared.h"

namespace edge::proxy {

// What the receive step learned, carried to the done step. A copy, not views of the
// request: the done step may run while the stream is being torn down. Only an access log
// record reads the names, so without an access log they stay empty; `cmcd` is read by the
// record and by the next-object seam and stays empty without either.
struct RequestLog {
  std::chrono::steady_clock::time_point start;
  std::string method;
  std::string path;
  std::string query;
  core::http::Protocol protocol = core::http::Protocol::kHttp11;
  std::string peer;
  CmcdKeys cmcd;
};

// The receive step's part of the log: start time (the codec's arrival time when it set one)
// and the CMCD keys of the request.
RequestLog open_request_log(const ProxyShared& shared, const core::http::Request& request);

struct Ending {
  Outcome outcome = Outcome::kComplete;
  int status = 0;
  uint64_t bytes = 0;
  std::string_view upstream;
  std::string_view cache_status;
};

void finish_request(ProxyShared& shared, const RequestLog& log, const Ending& ending);

}  // namespace edge::proxy
