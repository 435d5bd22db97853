// The viewer feed: candidates, scores, re-ranking (feed_candidates, feed_scoring,
// feed_rerank), after deciding whether the viewer is still cold.
#include "origin/rank/feed_ranker.h"

#include "origin/rank/feed_candidates.h"
#include "origin/rank/feed_rerank.h"
#include "origin/rank/feed_scoring.h"

namespace origin::rank {

std::string_view to_string(Source source) {
  switch (source) {
    case Source::kTrending:
      return "trending";
    case Source::kInterest:
      return "interest";
    case Source::kCoWatch:
      return "co_watch";
    case Source::kFollowed:
      return "followed";
    case Source::kExplore:
      return "explore";
  }
  return "unknown";
}

std::vector<std::pair<VideoIndex, double>> resolve_trending(
    const Catalog& catalog, const std::vector<std::pair<std::string, double>>& trending) {
  std::vector<std::pair<VideoIndex, double>> resolved;
  resolved.reserve(trending.size());
  for (const auto& [id, score] : trending) {
    if (std::optional<VideoIndex> video = catalog.find(id)) resolved.emplace_back(*video, score);
  }
  return resolved;
}

bool is_personalised(const ViewerProfile* viewer, const FeedPolicy& policy) {
  return viewer != nullptr && viewer->completed_count >= policy.personalise_after;
}

std::vector<RankedItem> rank_feed(const FeedInputs& inputs, const FeedPolicy& policy,
                                  std::size_t count) {
  if (inputs.catalog == nullptr || count == 0) return {};
  bool personalised = is_personalised(inputs.viewer, policy);
  std::vector<Candidate> candidates = gather_candidates(inputs, policy, personalised);
  score_candidates(candidates, inputs, policy, personalised);
  return rerank(candidates, *inputs.catalog, policy, count, inputs.seed);
}

}  // namespace origin::rank
