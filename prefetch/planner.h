// The pre-warm planner: from a PoP's region feed, its budget for one planning round and what
// its edges already hold, which first segments of which videos to warm. Deterministic: the
// same inputs give the same plan.
//
// Value model. A viewer who reaches a video starts it in the start rendition and needs its
// segment k with probability need(k) (SegmentSurvival); warming that segment saves the origin
// round trip for every such viewer. Before playback starts that round trip is start delay the
// viewer sees; after it, the buffer hides it unless the origin is slower than playback, so a
// segment past the startup ones is worth later_segment_weight of a startup one. Its expected
// value is p * need(k) * w(k) * bytes(k), at a cost of bytes(k) of the budget. Units are taken
// in order of value per byte, p * need(k) * w(k), which makes each video's chosen segments a
// prefix (neither need() nor w() rises with k) and fills the budget greedily, the optimum of
// the fractional knapsack: every probable video's start before any video's later segments.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "prefetch/hint.h"
#include "prefetch/region_feed.h"

namespace prefetch {

// The probability that a viewer who starts a clip needs its segment k (0-based). Watch time
// is a mixture: a share `early_skip` leaves within the first second or two (it needs segment 0
// and, through the player's look-ahead, segment 1), the others watch an exponentially
// distributed time with mean `mean_watch_s`. A player asks for segment k `lead_s` seconds
// before playback reaches it.
struct SegmentSurvival {
  double early_skip = 0.35;
  double mean_watch_s = 12.0;
  double segment_s = 2.0;
  double lead_s = 4.0;

  double need(int k) const;
};

struct PlannerConfig {
  // The rendition players start in, by preference; the first one an item offers is chosen.
  // Empty, or none offered: the item's first rendition.
  std::vector<std::string> start_renditions = {"360p"};
  // Bits per second of each rendition, to estimate a segment's bytes; others use
  // default_bits_per_second.
  std::map<std::string, uint64_t> bits_per_second = {
      {"360p", 600'000}, {"480p", 1'000'000}, {"720p", 2'500'000}, {"1080p", 5'000'000}};
  uint64_t default_bits_per_second = 2'500'000;
  // The master playlist, the media playlist and the init segment that come with a video's
  // first warmed segment: their bytes, estimated.
  uint64_t overhead_bytes = 4'096;
  int max_segments = 4;     // per video
  double min_value = 0.02;  // a segment whose p * need(k) * w(k) is below this is not warmed
  // Segments a player must have before it starts playing (hls.js and AVPlayer start on one):
  // w(k) = 1 for them, later_segment_weight after them.
  int startup_segments = 1;
  double later_segment_weight = 0.25;
  SegmentSurvival survival;
};

// One planning round's allowance for a PoP (per edge, every edge of the PoP gets the plan).
struct PopBudget {
  uint64_t bytes = 0;
  std::size_t objects = 0;
};

// What the PoP's edges already hold warm: per "video/rendition", how many first segments.
using Held = std::map<std::string, int>;
std::string held_key(const std::string& video, const std::string& rendition);

struct PlanItem {
  std::string video;
  std::string rendition;
  int segments = 0;      // the first `segments` segments, counting those already held
  int new_segments = 0;  // of which not held yet: what this round spends budget on
  double priority = 0;   // p * need(0) of the video, in [0, 1]
  double expected_bytes_saved = 0;
  uint64_t bytes = 0;       // budget spent on the new segments (and overhead for a new video)
  std::size_t objects = 0;  // objects the new segments (and overhead) add

  bool operator==(const PlanItem&) const = default;
};

struct Plan {
  std::vector<PlanItem> items;  // by priority, best first, ties by video id
  uint64_t bytes = 0;
  std::size_t objects = 0;
  double expected_bytes_saved = 0;
  std::size_t held_units = 0;   // segments wanted but already held
  std::size_t over_budget = 0;  // segments worth warming that the budget left out

  bool operator==(const Plan&) const = default;
};

// A segment's bytes are ceil(bits_per_second * segment_s / 8). A video listed twice counts
// once, at its highest p. A video whose wanted segments are all held stays in the plan with
// new_segments 0; expected_bytes_saved counts the new segments only.
Plan make_plan(std::span<const RegionFeedItem> feed, const PopBudget& budget, const Held& held,
               const PlannerConfig& config);

// The hint that carries `plan` to an edge: items with new segments only.
Hint to_hint(const Plan& plan, std::string id, int64_t expires_at);

// `held` after the edges acknowledged `plan`.
void mark_held(const Plan& plan, Held& held);

}  // namespace prefetch
