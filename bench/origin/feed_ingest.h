// The ingestion phase: pre-built batches of events POSTed to /api/events over several
// keep-alive connections, each carrying one batch at a time; the rate is events accepted
// divided by the wall time from the first send to the last answer.
#pragma once

#include <cstddef>
#include <vector>

#include "bench/origin/feed_http.h"
#include "bench/origin/feed_report.h"
#include "bench/origin/feed_world.h"

namespace bench::feed {

struct IngestOptions {
  std::size_t events = 1'000'000;
  std::size_t batch = 500;
  std::size_t connections = 8;
  uint64_t seed = 7;
  std::vector<int> server_pids;  // whose CPU time is reported
};

IngestResult run_ingest(event_base* loop, HttpCaller& http, const World& world,
                        const IngestOptions& options);

}  // namespace bench::feed
