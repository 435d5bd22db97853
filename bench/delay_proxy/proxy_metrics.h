// delayproxy's counters, declared once in proxy_metrics.cc's table: per route (its index in
// the command line, the order of the port file) and, for bytes, per direction.
#pragma once

#include <string_view>

#include "bench/delay_proxy/proxy_config.h"
#include "core/metrics/registry.h"

namespace bench::delay_proxy {

struct DirectionMetrics {
  core::metrics::Counter& bytes;   // written to the sink
  core::metrics::Gauge& buffered;  // read and not yet written, over all connections
};

struct RouteMetrics {
  core::metrics::Counter& opened;  // accepted
  core::metrics::Gauge& active;    // accepted and not yet closed
  core::metrics::Counter& failed;  // the target refused, timed out or could not be tried
  DirectionMetrics up;
  DirectionMetrics down;

  // The series of route `route` in `registry`, created on first use.
  static RouteMetrics for_route(core::metrics::Registry& registry, std::string_view route);
  DirectionMetrics& of(Direction direction) { return direction == Direction::kUp ? up : down; }
};

}  // namespace bench::delay_proxy
