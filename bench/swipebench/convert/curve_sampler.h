// A trace from per-video leave curves: the generator's viewer population and sessions
// (gen/gen_model.h: regions, addresses, arrivals, session lengths), videos by Zipf over the
// curves' order, and each watch time drawn from the video's curve.
#pragma once

#include <cstddef>
#include <expected>
#include <string>
#include <vector>

#include "bench/swipebench/convert/curves.h"
#include "bench/swipebench/gen/gen_model.h"
#include "bench/swipebench/trace.h"

namespace swipebench::convert {

// Uses model's seed, viewers, minutes, regions, zipf_exponent and session parameters. Videos
// are "#rank" (rank = position in `curves`), or the curves' ids when `keep_ids`. A watch that
// leaves in second k lasts k s plus a uniform fraction; a complete one the duration plus up to
// 1.5 s. Under 2 s the action is "skip", else "view" (the curves know no other actions).
std::expected<Trace, std::string> sample_curves(const std::vector<LeaveCurve>& curves,
                                                const gen::GenModel& model, bool keep_ids,
                                                size_t max_rows);

}  // namespace swipebench::convert
