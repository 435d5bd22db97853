// The generator's catalog (gen_model.h): per video a duration and a topic, base Zipf weights,
// per-topic picks for interest-matched swipes, and the viral bursts scheduled over the window.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bench/swipebench/gen/gen_model.h"
#include "bench/swipebench/gen/rng.h"
#include "bench/swipebench/gen/weighted_pick.h"

namespace swipebench::gen {

struct Burst {
  size_t video = 0;  // 0-based rank
  int64_t start_ms = 0;
  int64_t hold_end_ms = 0;
  int64_t end_ms = 0;
};

class Catalog {
 public:
  // Draws durations, topics and bursts from `model.seed`'s own streams.
  explicit Catalog(const GenModel& model);

  size_t size() const { return durations_ms_.size(); }
  int64_t duration_ms(size_t video) const { return durations_ms_[video]; }
  int topic(size_t video) const { return topics_[video]; }
  const std::vector<Burst>& bursts() const { return bursts_; }

  // A video by base weight plus the bursts alive at `ts_ms`.
  size_t draw_popular(int64_t ts_ms, Rng& rng) const;
  // A video of `topic` by base weight (a popular one if the topic has none).
  size_t draw_in_topic(int topic, int64_t ts_ms, Rng& rng) const;
  // The extra weight of `burst` at `ts_ms`, relative to the base weights' total.
  double burst_weight(const Burst& burst, int64_t ts_ms) const;

 private:
  double peak_extra_;  // a burst's extra weight at its peak, in base totals
  double half_life_ms_;
  std::vector<int64_t> durations_ms_;
  std::vector<int> topics_;
  WeightedPick base_;
  std::vector<std::vector<size_t>> topic_videos_;
  std::vector<WeightedPick> topic_picks_;
  std::vector<Burst> bursts_;
};

}  // namespace swipebench::gen
