// Stage 3: positions are filled one by one. An exploration slot takes the next video of the
// exploration order (kTesting candidates shuffled by the seed, so every pool video has the
// same chance); any other slot takes the best-scored video left. Either way the video must
// keep its creator at most per_creator_in_window times in the last diversity_window
// positions; when no candidate left qualifies, the rule gives way and the best video left is
// placed (a shorter feed would be worse than a repeated creator). An exploration slot with no
// pool video left is filled from the ranking; entrants found only by the exploration pass
// fill other slots only once the ranking is used up.
#include "origin/rank/feed_rerank.h"

#include <algorithm>
#include <cmath>

namespace origin::rank {
namespace {

uint64_t mix(uint64_t x) {
  // splitmix64's finaliser: a well-spread 64-bit hash.
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A list of candidate indexes in preference order, consumed front to back.
class Queue {
 public:
  explicit Queue(std::vector<uint32_t> order) : order_(std::move(order)) {}

  // The first unused candidate that `fits`, or -1.
  template <typename Fits>
  int64_t next(const std::vector<bool>& used, Fits fits) {
    while (head_ < order_.size() && used[order_[head_]])
      ++head_;
    for (std::size_t i = head_; i < order_.size(); ++i) {
      if (!used[order_[i]] && fits(order_[i])) return order_[i];
    }
    return -1;
  }

 private:
  std::vector<uint32_t> order_;
  std::size_t head_ = 0;
};

}  // namespace

double seeded_unit(uint64_t seed, uint64_t value) {
  return static_cast<double>(mix(mix(seed) ^ value) >> 11) * 0x1.0p-53;
}

bool is_exploration_slot(std::size_t position, double share, uint64_t seed) {
  share = std::clamp(share, 0.0, 1.0);
  double phase = seeded_unit(seed, 0x5107);
  double p = static_cast<double>(position);
  return std::floor((p + 1) * share + phase) > std::floor(p * share + phase);
}

std::vector<RankedItem> rerank(const std::vector<Candidate>& candidates, const Catalog& catalog,
                               const FeedPolicy& policy, std::size_t count, uint64_t seed) {
  // Entrants found only by the exploration pass wait for exploration slots.
  std::vector<uint32_t> by_score;
  by_score.reserve(candidates.size());
  for (uint32_t i = 0; i < candidates.size(); ++i) {
    if (candidates[i].source != Source::kExplore) by_score.push_back(i);
  }
  std::ranges::sort(by_score, [&](uint32_t a, uint32_t b) {
    if (candidates[a].score != candidates[b].score)
      return candidates[a].score > candidates[b].score;
    return candidates[a].video < candidates[b].video;
  });
  std::vector<std::pair<double, uint32_t>> keyed;
  for (uint32_t i = 0; i < candidates.size(); ++i) {
    if (candidates[i].testing) keyed.emplace_back(seeded_unit(seed, candidates[i].video), i);
  }
  std::ranges::sort(keyed);
  std::vector<uint32_t> by_lot;
  by_lot.reserve(keyed.size());
  for (const auto& [key, index] : keyed)
    by_lot.push_back(index);

  Queue ranked(std::move(by_score));
  Queue explore(std::move(by_lot));
  std::vector<bool> used(candidates.size(), false);
  std::vector<uint32_t> creators;  // of the placed videos, in feed order
  std::vector<RankedItem> feed;
  count = std::min(count, candidates.size());
  feed.reserve(count);
  std::size_t limit = policy.per_creator_in_window;
  std::size_t window = std::max<std::size_t>(policy.diversity_window, 1);
  auto diverse = [&](uint32_t index) {
    if (limit == 0) return true;  // the rule is off
    uint32_t creator = catalog.creator_index(candidates[index].video);
    std::size_t from = creators.size() > window - 1 ? creators.size() - (window - 1) : 0;
    std::size_t same = static_cast<std::size_t>(
        std::count(creators.begin() + static_cast<std::ptrdiff_t>(from), creators.end(), creator));
    return same < limit;
  };
  auto any = [](uint32_t) { return true; };

  while (feed.size() < count) {
    bool exploring = is_exploration_slot(feed.size(), policy.exploration_share, seed);
    // Attempts in order: the slot's own queue, the other queue, then the same without the
    // diversity rule.
    Queue& first = exploring ? explore : ranked;
    Queue& second = exploring ? ranked : explore;
    int64_t pick = -1;
    bool explored = false;
    for (bool relaxed : {false, true}) {
      if ((pick = relaxed ? first.next(used, any) : first.next(used, diverse)) >= 0) {
        explored = exploring;
        break;
      }
      if ((pick = relaxed ? second.next(used, any) : second.next(used, diverse)) >= 0) {
        explored = !exploring;
        break;
      }
    }
    if (pick < 0) break;
    const Candidate& candidate = candidates[static_cast<std::size_t>(pick)];
    used[static_cast<std::size_t>(pick)] = true;
    creators.push_back(catalog.creator_index(candidate.video));
    feed.push_back(RankedItem{.video = candidate.video,
                              .score = candidate.score,
                              .source = explored ? Source::kExplore : candidate.source});
  }
  return feed;
}

}  // namespace origin::rank
