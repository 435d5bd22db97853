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
// (decay may scale them all alike: only ratios matter).
// Freshness is a bonus, not a multiplier, so an old video that everybody completes still
// competes.
#include "origin/rank/feed_scoring.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string_view>

namespace origin::rank {
namespace {

constexpr double kFreshnessWeight = 0.2;
constexpr double kTagWeight = 1.0;
constexpr double kCreatorWeight = 0.4;
constexpr double kCoWatchWeight = 0.5;

// A viewer's weights keyed by the catalog's creator or hashtag numbers, sorted for binary
// search: the per-candidate lookups touch no strings. Names the catalog lacks are dropped.
class NumberedWeights {
 public:
  template <typename Find>
  NumberedWeights(const std::unordered_map<std::string, double>& weights, Find find) {
    entries_.reserve(weights.size());
    for (const auto& [name, weight] : weights) {
      top_ = std::max(top_, weight);
      if (std::optional<uint32_t> number = find(name)) entries_.emplace_back(*number, weight);
    }
    std::ranges::sort(entries_);
  }

  double top() const { return top_; }  // the largest weight, 0 when none is positive
  std::optional<double> get(uint32_t number) const {
    auto it = std::ranges::lower_bound(entries_, std::pair{number, -HUGE_VAL});
    if (it == entries_.end() || it->first != number) return std::nullopt;
    return it->second;
  }

 private:
  std::vector<std::pair<uint32_t, double>> entries_;
  double top_ = 0;
};

// How the viewer's interests cover a video, in [-1, 1] per term before weighting.
class Affinity {
 public:
  Affinity(const Catalog& catalog, const ViewerProfile& viewer, double top_co_watch)
      : catalog_(catalog),
        tags_(viewer.hashtag_weights,
              [&](std::string_view name) { return catalog.find_hashtag(name); }),
        creators_(viewer.creator_weights,
                  [&](std::string_view name) { return catalog.find_creator(name); }),
        top_co_watch_(top_co_watch) {
    for (const std::string& creator : viewer.follows) {
      if (std::optional<uint32_t> number = catalog.find_creator(creator)) {
        follows_.push_back(*number);
      }
    }
    std::ranges::sort(follows_);
  }

  double of(const Candidate& candidate) const {
    double tag = 0;
    if (tags_.top() > 0) {
      bool any = false;
      double best = -1;
      for (uint32_t hashtag : catalog_.hashtag_indexes(candidate.video)) {
        if (std::optional<double> weight = tags_.get(hashtag)) {
          best = std::max(best, *weight / tags_.top());
          any = true;
        }
      }
      tag = any ? std::clamp(best, -1.0, 1.0) : 0;
    }
    uint32_t creator_number = catalog_.creator_index(candidate.video);
    double creator = 0;
    if (std::ranges::binary_search(follows_, creator_number)) {
      creator = 1;
    } else if (creators_.top() > 0) {
      if (std::optional<double> weight = creators_.get(creator_number)) {
        creator = std::clamp(*weight / creators_.top(), -1.0, 1.0);
      }
    }
    double co_watch = top_co_watch_ > 0 ? candidate.co_watch / top_co_watch_ : 0;
    return kTagWeight * tag + kCreatorWeight * creator + kCoWatchWeight * co_watch;
  }

 private:
  const Catalog& catalog_;
  NumberedWeights tags_;
  NumberedWeights creators_;
  std::vector<uint32_t> follows_;
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
  const Catalog& catalog = *inputs.catalog;
  Affinity affinity(catalog, *inputs.viewer, top_co_watch);
  double half_life = std::max(policy.freshness_half_life_s, 1.0);
  for (Candidate& candidate : candidates) {
    int64_t created_s = catalog.created_s(candidate.video);
    Rates rates = smoothed_rates(candidate.stats ? *candidate.stats : VideoStats{});
    double age_s = static_cast<double>(std::max<int64_t>(inputs.now_s - created_s, 0));
    double freshness = std::exp2(-age_s / half_life);
    candidate.score =
        predicted_engagement(rates) + kFreshnessWeight * freshness + affinity.of(candidate);
  }
}

}  // namespace origin::rank
