// The feed benchmark's synthetic world: videos, creators, hashtags, viewers and regions, each
// derived from its index and the seed alone, so the seeding run and the load runs agree on ids
// and durations without sharing anything but the configuration.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "origin/store/records.h"

namespace bench::feed {

using Rng = std::mt19937_64;

struct WorldConfig {
  std::size_t videos = 100'000;
  std::size_t creators = 5'000;   // uploads per creator follow a Zipf law (s = 1)
  std::size_t hashtags = 2'000;   // the vocabulary; popularity also Zipf (s = 1)
  std::size_t viewers = 100'000;  // activity Zipf (s = 0.7): a few heavy viewers, a long tail
  double video_zipf = 1.0;        // exponent of video popularity in events
  int64_t max_age_s = 14 * 86'400;
  uint64_t seed = 1;
  std::vector<std::string> regions = {"eu", "us", "br", "in", "jp"};
};

// Draws ranks 0..n-1 with P(k) proportional to 1 / (k + 1)^s (inverse CDF, binary search).
class Zipf {
 public:
  Zipf(std::size_t n, double s);
  std::size_t draw(Rng& rng) const;

 private:
  std::vector<double> cdf_;
};

// What a video is, fixed by its index.
struct VideoTraits {
  std::string id;  // 11 base62 characters, as the store's ids
  std::size_t creator = 0;
  std::vector<std::size_t> hashtags;
  int64_t duration_ms = 0;  // 5-60 s
  int64_t age_s = 0;        // spread over max_age_s, more young videos than old
};

class World {
 public:
  explicit World(WorldConfig config);
  const WorldConfig& config() const { return config_; }

  VideoTraits video(std::size_t index) const;
  // The store record of video `index`, created age_s before `now_s`.
  origin::store::Video video_record(std::size_t index, int64_t now_s) const;
  std::string video_id(std::size_t index) const;
  int64_t video_duration_ms(std::size_t index) const;

  // A video by popularity: popular ranks are spread over the catalog (not the oldest ids).
  std::size_t popular_video(Rng& rng) const;
  std::size_t active_viewer(Rng& rng) const;
  static std::string viewer_name(std::size_t viewer);
  const std::string& region_of(std::size_t viewer) const;

 private:
  uint64_t mix(uint64_t a, uint64_t b) const;

  WorldConfig config_;
  Zipf creators_;
  Zipf hashtags_;
  Zipf videos_;
  Zipf viewers_;
  std::size_t stride_;  // rank -> index permutation: (rank * stride) mod videos
};

// Events as POST /api/events wants them. A watch is a skip (< 2 s, 35%), a partial watch
// (2 s to 90%, 35%) or a completion (90% to 100%, 25%; 5% replays up to twice the clip);
// after a completion, reactions: like 8%, share 1.5%, comment 1%, follow 0.5%; any watch may
// be followed by a report (0.1%).
class EventMaker {
 public:
  EventMaker(const World& world, uint64_t seed) : world_(world), rng_(seed) {}
  // Appends the watch of `video` by `viewer` and any reactions as JSON objects, each preceded
  // by a comma unless `out` is "[" or empty; returns how many were appended.
  std::size_t append_watch(std::string& out, std::size_t viewer, std::size_t video);
  std::size_t append_watch(std::string& out, const std::string& viewer, const std::string& region,
                           const std::string& video_id, int64_t duration_ms);
  // A JSON array of about `events` events by active viewers over popular videos.
  std::string batch(std::size_t events, std::size_t* made);

 private:
  World const& world_;
  Rng rng_;
};

}  // namespace bench::feed
