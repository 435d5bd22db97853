// Play-duration logs in KuaiRec's shape (CSV with a header; extra columns such as time, date,
// video_duration and watch_ratio are allowed and ignored):
//   user_id,video_id,play_duration,video_duration,time,date,timestamp,watch_ratio
// play_duration in milliseconds, timestamp in Unix seconds (fractions allowed). One row per play
// becomes one trace row: the user's rows keep their order and their real gaps from the log's
// first timestamp; watch_ms is play_duration; under 2 s the action is "skip", else "view".
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

#include "bench/swipebench/gen/gen_model.h"
#include "bench/swipebench/trace.h"

namespace swipebench::convert {

struct KuaiRecOptions {
  int64_t max_users = 0;      // keep the first N users of the log (0: all)
  double window_minutes = 0;  // compress the log's span into this window (0: keep real time)
  bool keep_ids = false;      // video ids as in the log, instead of "#rank" by play count
};

struct KuaiRecResult {
  Trace trace;
  size_t skipped_rows = 0;  // rows without a timestamp or play_duration (NaN or empty)
  size_t clamped_rows = 0;  // play_duration past the trace's limit of an hour
};

// Regions and addresses come from model's seed and regions, one per user.
std::expected<KuaiRecResult, std::string> convert_kuairec(std::string_view text,
                                                          std::string_view name,
                                                          const KuaiRecOptions& options,
                                                          const gen::GenModel& model,
                                                          size_t max_rows);

}  // namespace swipebench::convert
