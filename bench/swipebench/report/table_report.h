// The human table of a replay's results, for stdout and the HTML page.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "bench/swipebench/replay/stats.h"

namespace swipebench::report {

// (label, value) rows, in the order a reader wants them.
std::vector<std::pair<std::string, std::string>> result_rows(const replay::RunResults& r);

// The rows as aligned text.
std::string format_table(const replay::RunResults& r);

// Origin offload by bytes: 1 - bytes the origin sent / bytes viewers received. The origin's
// bytes are the viewers' MISS and PASS bytes (each MISS is the one origin fetch that COALESCED
// requests share) plus what pre-warming fetched (edge_prewarm_fetched_bytes_total).
double origin_offload(const replay::RunResults& r);

}  // namespace swipebench::report
