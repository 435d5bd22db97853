// The JSON report: every figure of the run, and per viewer its swipe samples (for plots made
// elsewhere).
#pragma once

#include <string>
#include <vector>

#include "bench/swipebench/replay/stats.h"

namespace swipebench::report {

std::string format_json(const replay::RunResults& r,
                        const std::vector<replay::ViewerStats>& viewers);

}  // namespace swipebench::report
