// Burst weights are relative to the base total, so a burst at its peak takes peak_share of the
// popular draws whatever the catalog's size: extra / (1 + extra) = peak_share.
#include "bench/swipebench/gen/catalog.h"

#include <cmath>

namespace swipebench::gen {
namespace {

constexpr uint64_t kCatalogStream = 1;
constexpr uint64_t kBurstStream = 2;
constexpr double kMsPerMinute = 60'000;
constexpr double kBurstHalfLives = 5;

}  // namespace

Catalog::Catalog(const GenModel& model)
    : peak_extra_(model.burst_peak_share / (1 - model.burst_peak_share)),
      half_life_ms_(model.burst_half_life_min * kMsPerMinute),
      durations_ms_(static_cast<size_t>(model.videos)),
      topics_(static_cast<size_t>(model.videos)),
      topic_videos_(static_cast<size_t>(model.topics)) {
  Rng rng(Rng::derive(model.seed, kCatalogStream));
  const std::vector<double> weights = zipf_weights(size(), model.zipf_exponent);
  base_ = WeightedPick(weights);
  std::vector<std::vector<double>> topic_weights(topic_videos_.size());
  for (size_t v = 0; v < size(); ++v) {
    durations_ms_[v] = rng.integer(model.min_duration_ms, model.max_duration_ms);
    topics_[v] = static_cast<int>(rng.integer(0, model.topics - 1));
    topic_videos_[static_cast<size_t>(topics_[v])].push_back(v);
    topic_weights[static_cast<size_t>(topics_[v])].push_back(weights[v]);
  }
  for (auto& topic : topic_weights)
    topic_picks_.emplace_back(topic);

  Rng bursts(Rng::derive(model.seed, kBurstStream));
  const double window_ms = model.minutes * kMsPerMinute;
  const double mean_gap_ms =
      model.bursts_per_hour > 0 ? 60 * kMsPerMinute / model.bursts_per_hour : window_ms + 1;
  for (double t = bursts.exponential(mean_gap_ms); t < window_ms;
       t += bursts.exponential(mean_gap_ms)) {
    Burst burst;
    burst.video = static_cast<size_t>(bursts.integer(0, model.videos - 1));
    burst.start_ms = static_cast<int64_t>(t);
    burst.hold_end_ms =
        burst.start_ms +
        static_cast<int64_t>(bursts.uniform(model.burst_hold_min_low, model.burst_hold_min_high) *
                             kMsPerMinute);
    burst.end_ms = burst.hold_end_ms + static_cast<int64_t>(kBurstHalfLives * half_life_ms_);
    bursts_.push_back(burst);
  }
}

double Catalog::burst_weight(const Burst& burst, int64_t ts_ms) const {
  if (ts_ms < burst.start_ms || ts_ms >= burst.end_ms) return 0;
  if (ts_ms < burst.hold_end_ms) return peak_extra_;
  return peak_extra_ * std::exp2(-static_cast<double>(ts_ms - burst.hold_end_ms) / half_life_ms_);
}

size_t Catalog::draw_popular(int64_t ts_ms, Rng& rng) const {
  // The base weights count 1 in total; live bursts add theirs on top.
  double extra = 0;
  for (const Burst& burst : bursts_)
    extra += burst_weight(burst, ts_ms);
  double target = rng.uniform() * (1 + extra);
  if (target >= 1) {
    target -= 1;
    for (const Burst& burst : bursts_) {
      target -= burst_weight(burst, ts_ms);
      if (target < 0 && burst_weight(burst, ts_ms) > 0) return burst.video;
    }
  }
  return base_.draw(rng);
}

size_t Catalog::draw_in_topic(int topic, int64_t ts_ms, Rng& rng) const {
  const auto index = static_cast<size_t>(topic);
  if (topic_videos_[index].empty()) return draw_popular(ts_ms, rng);
  return topic_videos_[index][topic_picks_[index].draw(rng)];
}

}  // namespace swipebench::gen
