// A synthetic world with hidden interests, for the offline check of the viewer feed: the
// feed sees only what the service would see (catalog, counters, profiles, co-watch,
// trending), all updated through origin/rank/event_effects.h as the service updates them,
// while viewers decide from hidden topic preferences and video qualities. The model is
// documented at the top of synthetic_world.cc.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "origin/rank/catalog.h"
#include "origin/rank/feed_ranker.h"

namespace origin::rank::synthetic {

struct WorldConfig {
  uint64_t seed = 1;
  int topics = 20;
  int creators = 150;
  int videos = 3'000;
  double entrant_share = 0.1;   // newest videos, uploaded too late for the warm-up history
  int history_viewers = 1'500;  // warm-up: earlier viewers watching random videos
  int history_watches = 20;
  int viewers = 200;  // measured: new viewers, one session each, interleaved page by page
  int session_length = 60;
  int page_size = 10;
  int bucket = 10;  // swipes per point of the curve
};

// What the measured viewers get: our feed, or the cold-start feed (regional trending with the
// same exploration share and diversity rule) for everybody.
enum class FeedKind : uint8_t { kRanked, kTrending };

struct SessionCurve {
  std::vector<double> completion;  // per bucket of swipes: completions / watches
  std::vector<int64_t> watches;    // per bucket
  double explored_share = 0;       // feed items that came from exploration slots
  int64_t feeds = 0;               // rank_feed calls
  double feed_seconds = 0;         // time spent in rank_feed (information only)
};

class World {
 public:
  explicit World(const WorldConfig& config);
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  // The measured sessions on a copy of the warmed-up state; the same kind gives the same curve.
  SessionCurve run(FeedKind kind) const;
  const Catalog& catalog() const;
  // The policy both kinds use (pool sizes scaled to the world's traffic).
  FeedPolicy policy(FeedKind kind) const;

 private:
  struct Model;
  std::unique_ptr<Model> model_;
};

}  // namespace origin::rank::synthetic
