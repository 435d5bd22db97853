// Stage 2: the score of a candidate for a personalised viewer is
//
//   score = engagement + kFreshnessWeight * freshness + affinity
//
// engagement  = completion + 0.5 replay + 2 like + 4 share + 2 comment + 6 follow
//               - 1.5 skip - 20 report                        (smoothed per-view rates)
// freshness   = 2^(-age / freshness_half_life_s)               (1 when new, 0.5 one half-life on)
// affinity    = kTagWeight * best hashtag weight / viewer's top hashtag weight
//             + kCreatorWeight * (1 if followed, else creator weight / top creator weight)
//             + kCoWatchWeight * co-watch strength / strongest co-watch among candidates
//
// Why this shape: every term is a number a person can read off the inputs. Engagement is in
// "completions per view": completion is the unit, the rarer actions are weighted by how much
// more intent they show than a completion, a quick skip costs more than a completion earns
// (it is the clearest "not for me"), and a report outweighs everything. Affinity terms are
// ratios to the viewer's own strongest interest, so a viewer's weights need no absolute scale
// (event_effects.cc grows them over time instead of decaying them; only ratios matter).
// Freshness is a bonus, not a multiplier, so an old video that everybody completes still
// competes.
#include "origin/rank/feed_scoring.h"

#include <algorithm>
#include <cmath>

namespace origin::rank {
namespace {

constexpr double kFreshnessWeight = 0.2;
constexpr double kTagWeight = 1.0;
constexpr double kCreatorWeight = 0.4;
constexpr double kCoWatchWeight = 0.5;

double max_weight(const std::unordered_map<std::string, double>& weights) {
  double top = 0;
  for (const auto& [key, weight] : weights)
    top = std::max(top, weight);
  return top;
}

// How the viewer's interests cover a video, in [-1, 1] per term before weighting.
class Affinity {
 public:
  Affinity(const ViewerProfile& viewer, double top_co_watch)
      : viewer_(viewer),
        top_tag_(max_weight(viewer.hashtag_weights)),
        top_creator_(max_weight(viewer.creator_weights)),
        top_co_watch_(top_co_watch) {}

  double of(const VideoInfo& video, const Candidate& candidate) const {
    double tag = 0;
    if (top_tag_ > 0) {
      bool any = false;
      double best = -1;
      for (const std::string& hashtag : video.hashtags) {
        auto it = viewer_.hashtag_weights.find(hashtag);
        if (it == viewer_.hashtag_weights.end()) continue;
        best = std::max(best, it->second / top_tag_);
        any = true;
      }
      tag = any ? std::clamp(best, -1.0, 1.0) : 0;
    }
    double creator = 0;
    if (viewer_.follows.contains(video.creator)) {
      creator = 1;
    } else if (top_creator_ > 0) {
      auto it = viewer_.creator_weights.find(video.creator);
      if (it != viewer_.creator_weights.end()) {
        creator = std::clamp(it->second / top_creator_, -1.0, 1.0);
      }
    }
    double co_watch = top_co_watch_ > 0 ? candidate.co_watch / top_co_watch_ : 0;
    return kTagWeight * tag + kCreatorWeight * creator + kCoWatchWeight * co_watch;
  }

 private:
  const ViewerProfile& viewer_;
  double top_tag_;
  double top_creator_;
  double top_co_watch_;
};

void score_cold(std::vector<Candidate>& candidates) {
  // Trending order; entrants (not trending) after every trending video, best engagement first.
  for (Candidate& candidate : candidates) {
    if (candidate.trending_rank >= 0) {
      candidate.score = -static_cast<double>(candidate.trending_rank);
    } else {
      Rates rates = smoothed_rates(candidate.stats ? *candidate.stats : VideoStats{});
      candidate.score = -1e12 + predicted_engagement(rates);
    }
  }
}

}  // namespace

double predicted_engagement(const Rates& r) {
  return r.completion + 0.5 * r.replay + 2 * r.like + 4 * r.share + 2 * r.comment + 6 * r.follow -
         1.5 * r.skip - 20 * r.report;
}

void score_candidates(std::vector<Candidate>& candidates, const FeedInputs& inputs,
                      const FeedPolicy& policy, bool personalised) {
  if (!personalised || inputs.viewer == nullptr) {
    score_cold(candidates);
    return;
  }
  double top_co_watch = 0;
  for (const Candidate& candidate : candidates) {
    top_co_watch = std::max(top_co_watch, candidate.co_watch);
  }
  Affinity affinity(*inputs.viewer, top_co_watch);
  const Catalog& catalog = *inputs.catalog;
  double half_life = std::max(policy.freshness_half_life_s, 1.0);
  for (Candidate& candidate : candidates) {
    const VideoInfo& video = catalog.at(candidate.video);
    Rates rates = smoothed_rates(candidate.stats ? *candidate.stats : VideoStats{});
    double age_s = static_cast<double>(std::max<int64_t>(inputs.now_s - video.created_s, 0));
    double freshness = std::exp2(-age_s / half_life);
    candidate.score =
        predicted_engagement(rates) + kFreshnessWeight * freshness + affinity.of(video, candidate);
  }
}

}  // namespace origin::rank
