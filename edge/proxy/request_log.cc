// Receive and done: the two ends of every request's log record.
#include "edge/proxy/request_log.h"

namespace edge::proxy {

RequestLog open_request_log(const ProxyShared& shared, const core::http::Request& request) {
  RequestLog log;
  const bool stamped = request.received != std::chrono::steady_clock::time_point{};
  log.start = stamped ? request.received : shared.clock.now();
  // Copies for an access log record only: without a log, the done step reads none of them.
  if (shared.access_log) {
    log.method = request.method;
    log.path = request.path();
    log.query = request.query();
    log.protocol = request.protocol;
    log.peer = request.peer;
  }
  if (shared.access_log || shared.config->next_object) log.cmcd = parse_cmcd(request);
  return log;
}

void finish_request(ProxyShared& shared, const RequestLog& log, const Ending& ending) {
  shared.metrics->request(ending.outcome);
  if (!shared.access_log) return;
  AccessRecord record;
  record.method = log.method;
  record.path = log.path;
  record.query = log.query;
  record.status = ending.status;
  record.bytes = ending.bytes;
  record.duration = shared.clock.now() - log.start;
  record.protocol = log.protocol;
  record.peer = log.peer;
  record.upstream = ending.upstream;
  record.cache_status = ending.cache_status;
  record.outcome = to_label(ending.outcome);
  record.cmcd = &log.cmcd;
  shared.access_log(record);
}

}  // namespace edge::proxy
