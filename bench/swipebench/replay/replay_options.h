// What `swipebench replay` was asked to do, from its command line (replay_flags.h).
#pragma once

#include <cstdint>
#include <string>

namespace swipebench::replay {

struct ReplayOptions {
  std::string trace;
  std::string target;  // http://IP:port of the edge
  std::string origin;  // http://IP:port of the origin, for "#N" names
  std::string catalog_region = "global";
  std::string metrics_url;  // the edge's /metrics; default: the target's
  std::string json_path;
  std::string html_path;
  bool http2 = false;
  bool forwarded_for = false;
  double speed = 1;
  int prefetch = 0;
  int64_t max_viewers = 0;     // 0: all
  double duration_s = 0;       // 0: the whole trace; else rows with ts_ms < duration
  int64_t buffer_ms = 4'000;   // player buffer target, media ms
  int64_t timeout_ms = 5'000;  // per request, without a byte
  int64_t max_lag_ms = 1'000;  // p99 swipe lateness beyond which the run fails
  int64_t catalog_size = 200;  // videos asked of the region feed
  bool events = true;          // POST each left clip's interaction event to the origin
};

}  // namespace swipebench::replay
