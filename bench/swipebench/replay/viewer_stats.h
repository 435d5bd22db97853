// What one viewer felt, as the player model records it: a sample per swipe and counters.
// The engine sums them into the run's results (stats.h).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace swipebench::replay {

// Kinds of request errors, counted per kind in the report.
enum class ErrorKind : uint8_t {
  kConnect,      // the target refused or did not answer the connection
  kTimeout,      // no bytes within the request timeout
  kReset,        // the connection or stream ended before the response did
  kBadResponse,  // unparsable response or a body shorter or longer than framed
  kNotFound,     // 404 (a video the target does not have)
  kHttp4xx,      // any other 4xx
  kHttp5xx,      // 5xx
  kBadPlaylist,  // a playlist that does not parse or names no rendition or segment
  kUnresolved,   // a "#N" name that the catalog could not resolve
};
inline constexpr size_t kErrorKindCount = 9;
std::string_view to_string(ErrorKind kind);

// One swipe: times in wall milliseconds since the run started.
struct SwipeSample {
  std::string video;
  int64_t swipe_ms = 0;
  std::optional<int64_t> start_latency_ms;  // swipe to first segment complete; none: failed
  std::string first_x_cache;                // X-Cache of the first segment ("PREFETCHED" when
                                            // the player had it already)
  int64_t stalls = 0;
  int64_t rebuffer_ms = 0;
  int64_t played_ms = 0;  // wall time the clip played (not counting stalls)
  int64_t switches = 0;
  double bitrate_term = 0;     // sum of Mbit/s x seconds played, per segment
  double smoothness_term = 0;  // sum of |Mbit/s change| between consecutive segments
};

struct ViewerStats {
  std::string user;
  std::vector<SwipeSample> swipes;
  std::map<std::string, uint64_t> bytes_by_x_cache;  // every response body, by X-Cache
  uint64_t bytes_total = 0;
  uint64_t requests = 0;
  uint64_t prefetch_bytes = 0;
  uint64_t prefetch_wasted_bytes = 0;
  std::array<uint64_t, kErrorKindCount> errors{};
  // (wall ms of the response, was it a HIT) for each clip's first segment: hit ratio over time.
  std::vector<std::pair<int64_t, bool>> first_segment_hits;
};

}  // namespace swipebench::replay
