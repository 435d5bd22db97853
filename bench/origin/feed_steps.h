// The latency phases: GET /api/feed at fixed offered rates with viewer sessions paging through
// their feeds while their watches are posted as events, and GET /api/feed/region/{R} at a low
// rate. Latency counts from each request's scheduled send time.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "bench/origin/feed_http.h"
#include "bench/origin/feed_report.h"
#include "bench/origin/feed_world.h"

namespace bench::feed {

struct StepOptions {
  std::vector<double> rates = {250, 500, 1'000, 1'500, 2'000};
  double seconds = 12;       // per step
  double warmup_s = 3;       // at the first rate, not recorded
  double drain_s = 10;       // waiting for answers after a step, at most
  double next_share = 0.75;  // of requests that page on when a session is waiting
  double mean_pages = 4;     // pages per session, geometric
  std::size_t count = 10;    // videos per page
  double events_per_s = 2'000;
  uint64_t seed = 11;
  std::vector<int> server_pids;
};

std::vector<StepResult> run_feed_steps(event_base* loop, HttpCaller& http, const World& world,
                                       const StepOptions& options);
// The mix above in a sentence, for the report.
std::string describe_mix(const StepOptions& options, const World& world);

struct RegionOptions {
  double rate = 5;
  double seconds = 10;
  std::size_t count = 50;
};

RegionResult run_region(event_base* loop, HttpCaller& http, const World& world,
                        const RegionOptions& options);

}  // namespace bench::feed
