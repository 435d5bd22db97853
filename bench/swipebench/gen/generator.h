// `swipebench gen`'s engine: a trace from a GenModel (gen_model.h documents the model).
#pragma once

#include <cstddef>
#include <expected>
#include <string>

#include "bench/swipebench/gen/catalog.h"
#include "bench/swipebench/gen/gen_model.h"
#include "bench/swipebench/trace.h"

namespace swipebench::gen {

// The whole trace, sorted by ts_ms; an error when it would pass `max_rows`.
std::expected<Trace, std::string> generate(const GenModel& model, size_t max_rows);

// The trace's name for the video of 0-based rank `rank`: "#rank+1", or the id from --ids.
std::string video_name(const GenModel& model, size_t rank);

// The model's catalog as CSV: video,duration_ms,topic, one line per video in rank order.
std::string format_catalog(const GenModel& model, const Catalog& catalog);

}  // namespace swipebench::gen
