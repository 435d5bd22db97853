// A swipe-like request stream for cache policy comparisons: viewers swipe through clips chosen
// by Zipf popularity over a growing catalog (new uploads take a share of views, so popularity
// churns), watch a few segments of each (most leave after the first), and fetch master,
// rendition playlist, init and segments in player order, many sessions interleaved.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace bench::cache {

struct TraceModel {
  uint64_t seed = 42;
  uint64_t sessions = 400'000;         // clip views
  uint64_t initial_videos = 20'000;    // catalog at the start
  uint64_t uploads_per_1000 = 40;      // new videos per 1,000 views
  double zipf_alpha = 0.9;             // popularity skew over the catalog
  double recent_share = 0.3;           // views that go to the newest uploads
  uint64_t recent_window = 2'000;      // how many uploads count as new
  double continue_after_first = 0.45;  // swipe survival after segment 0
  double continue_after_later = 0.8;   // and after each later segment
  int max_segments = 15;               // 30 s clips of 2 s segments
  int concurrent_sessions = 200;       // interleaved viewers
};

struct Request {
  uint64_t key;   // object identity
  uint32_t size;  // bytes
  bool first_segment;
};

// The whole stream, reproducible from the model's seed.
std::vector<Request> make_trace(const TraceModel& model);

}  // namespace bench::cache
