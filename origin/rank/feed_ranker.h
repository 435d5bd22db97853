// The viewer feed in three stages, all pure: candidates (regional trending, content-based on
// hashtags and creators, co-watch of recent completions, followed creators, exploration pools),
// ranking by predicted engagement plus freshness and affinity, and re-ranking for diversity,
// no repeats and an exploration share. Deterministic given its inputs (and `seed`).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "origin/rank/catalog.h"
#include "origin/rank/video_stats.h"
#include "origin/rank/viewer_profile.h"

namespace origin::rank {

// Where a candidate came from; the first source found is kept for the response, except that a
// video placed in an exploration slot is reported as kExplore.
enum class Source : uint8_t { kTrending, kInterest, kCoWatch, kFollowed, kExplore };
std::string_view to_string(Source source);

struct FeedPolicy {
  std::size_t max_candidates = 3'000;
  std::size_t per_creator_in_window = 2;  // at most this many videos of one creator ...
  std::size_t diversity_window = 10;      // ... in any this many consecutive positions
  double exploration_share = 0.15;        // of the feed, from videos still in an exposure pool
  // Completions before interests are used; at most EffectPolicy::recent_completions, since the
  // origin counts a viewer's completions in their list of recent ones.
  int64_t personalise_after = 3;
  double freshness_half_life_s = 48 * 3600.0;
  std::size_t co_watch_recent = 10;  // latest completions whose co-watch lists are read ...
  std::size_t co_watch_read = 20;    // ... and the strongest this many of each
  PoolPolicy pools;
};

struct FeedInputs {
  const Catalog* catalog = nullptr;
  // Counters per video, by catalog index (missing: a video nobody watched yet).
  std::function<const VideoStats*(VideoIndex)> stats;
  const ViewerProfile* viewer = nullptr;
  // Region trending, best first, with decayed scores.
  std::vector<std::pair<std::string, double>> trending;
  // The same list resolved to catalog indexes (resolve_trending); when not empty it is used
  // instead of `trending`, so a region's trending is resolved once per refresh rather than
  // once per request. Owned by the caller for the duration of the call.
  std::span<const std::pair<VideoIndex, double>> trending_indexed;
  // For each of the viewer's recent completions, the videos that its completers also
  // completed, with co-completion counts.
  std::unordered_map<std::string, std::vector<std::pair<std::string, double>>> co_watch;
  int64_t now_s = 0;
  uint64_t seed = 0;  // exploration picks; the same seed gives the same feed
};

struct RankedItem {
  VideoIndex video = 0;
  double score = 0;
  Source source = Source::kTrending;
};

// Trending resolved to catalog indexes, in the same order; ids the catalog lacks are dropped.
std::vector<std::pair<VideoIndex, double>> resolve_trending(
    const Catalog& catalog, const std::vector<std::pair<std::string, double>>& trending);

// Whether the viewer has enough completions (personalise_after) for interests to be used.
bool is_personalised(const ViewerProfile* viewer, const FeedPolicy& policy);

// Up to `count` videos for the viewer, in feed order, none of them in `viewer->seen`.
// A cold viewer (fewer than `personalise_after` completions) gets regional trending with the
// exploration share and the diversity rule. When every candidate left would break the
// diversity rule, the rule gives way (the best video left is placed) rather than the feed
// ending short; fewer than `count` items means the candidates ran out. A null `viewer` is a
// cold viewer who has seen nothing; an empty `stats` means no video has counters yet.
std::vector<RankedItem> rank_feed(const FeedInputs& inputs, const FeedPolicy& policy,
                                  std::size_t count);

}  // namespace origin::rank
