// Stage 1: candidates from each source in a fixed order, each within its share of the budget:
// co-watch of recent completions, followed creators, interests (top hashtags and creators by
// weight, and the hashtags and creators of the latest completions), regional trending, then
// exploration entrants (kTesting videos, newest first). A video found twice keeps its first
// source; trending rank and co-watch strength are recorded whichever source found it.
#include "origin/rank/feed_candidates.h"

#include <algorithm>
#include <bit>
#include <limits>
#include <string_view>
#include <unordered_map>

namespace origin::rank {
namespace {

// Shares of max_candidates per source for a personalised viewer; trending gets what is left
// after exploration's share.
constexpr double kCoWatchShare = 0.15;
constexpr double kFollowedShare = 0.10;
constexpr double kInterestShare = 0.30;
constexpr double kExploreShare = 0.10;
constexpr std::size_t kTopHashtags = 8;
constexpr std::size_t kTopCreators = 8;
constexpr std::size_t kSimilarRecent = 5;  // latest completions whose hashtags/creators count
constexpr std::size_t kScanFactor = 8;     // videos looked at per candidate wanted, at most
constexpr uint32_t kRejected = std::numeric_limits<uint32_t>::max();

// Candidate slots by video: open addressing with linear probing over a power-of-two table,
// kept at most half full. One flat allocation per request instead of a node per candidate.
class SlotTable {
 public:
  explicit SlotTable(std::size_t expected) {
    resize(std::bit_ceil(std::max<std::size_t>(expected * 2, 16)));
  }

  // The slot of `video`, or null.
  const uint32_t* find(VideoIndex video) const {
    for (std::size_t i = home(video);; i = (i + 1) & mask_) {
      if (keys_[i] == kNoVideo) return nullptr;
      if (keys_[i] == video) return &values_[i];
    }
  }

  void insert(VideoIndex video, uint32_t slot) {
    if ((size_ + 1) * 2 > keys_.size()) grow();
    std::size_t i = home(video);
    while (keys_[i] != kNoVideo && keys_[i] != video)
      i = (i + 1) & mask_;
    size_ += keys_[i] == kNoVideo ? 1 : 0;
    keys_[i] = video;
    values_[i] = slot;
  }

 private:
  static constexpr VideoIndex kNoVideo = std::numeric_limits<VideoIndex>::max();

  std::size_t home(VideoIndex video) const {
    return static_cast<std::size_t>((video * 0x9e3779b97f4a7c15ULL) >> shift_) & mask_;
  }

  void resize(std::size_t capacity) {
    keys_.assign(capacity, kNoVideo);
    values_.assign(capacity, 0);
    mask_ = capacity - 1;
    shift_ = 64 - std::countr_zero(capacity);
    size_ = 0;
  }

  void grow() {
    std::vector<VideoIndex> keys = std::move(keys_);
    std::vector<uint32_t> values = std::move(values_);
    resize(keys.size() * 2);
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] != kNoVideo) insert(keys[i], values[i]);
    }
  }

  std::vector<VideoIndex> keys_;
  std::vector<uint32_t> values_;
  std::size_t mask_ = 0;
  int shift_ = 0;
  std::size_t size_ = 0;
};

class Gatherer {
 public:
  Gatherer(const FeedInputs& inputs, const FeedPolicy& policy)
      : inputs_(inputs),
        catalog_(*inputs.catalog),
        policy_(policy),
        slot_(policy.max_candidates * 2) {
    items_.reserve(policy.max_candidates);
    // A short seen list is resolved up front, so candidates are checked by index; a long one
    // costs less checked per candidate.
    const ViewerProfile* viewer = inputs.viewer;
    if (viewer != nullptr && viewer->seen.size() <= policy.max_candidates) {
      for (const std::string& id : viewer->seen) {
        if (std::optional<VideoIndex> video = catalog_.find(id)) slot_.insert(*video, kRejected);
      }
      check_seen_ = false;
    }
  }

  // The next source may add up to `count` new candidates (never past max_candidates).
  void open_budget(std::size_t count) {
    budget_end_ = std::min(policy_.max_candidates, items_.size() + count);
  }
  bool budget_left() const { return items_.size() < budget_end_; }

  // The candidate for `video`: the existing one, a new one within the budget, or null when
  // seen, over budget, or (with `testing_only`) not in an exposure pool.
  Candidate* add(VideoIndex video, Source source, bool testing_only = false) {
    if (const uint32_t* slot = slot_.find(video)) {
      return *slot == kRejected ? nullptr : &items_[*slot];
    }
    if (!budget_left()) return nullptr;
    const ViewerProfile* viewer = inputs_.viewer;
    if (check_seen_ && viewer != nullptr && viewer->seen.contains(catalog_.at(video).id)) {
      slot_.insert(video, kRejected);
      return nullptr;
    }
    Candidate candidate{.video = video, .source = source};
    candidate.stats = inputs_.stats ? inputs_.stats(video) : nullptr;
    candidate.testing =
        exposure_pool(candidate.stats ? *candidate.stats : VideoStats{}, policy_.pools).state ==
        PoolState::kTesting;
    if (testing_only && !candidate.testing) return nullptr;
    slot_.insert(video, static_cast<uint32_t>(items_.size()));
    items_.push_back(candidate);
    return &items_.back();
  }

  Candidate* add(std::string_view id, Source source) {
    std::optional<VideoIndex> video = catalog_.find(id);
    return video ? add(*video, source) : nullptr;
  }

  // Up to `quota` new candidates from a newest-first list, looking at kScanFactor times that.
  void add_from(std::span<const VideoIndex> videos, Source source, std::size_t quota) {
    std::size_t added = 0;
    std::size_t scanned = 0;
    for (VideoIndex video : videos) {
      if (added >= quota || ++scanned > quota * kScanFactor || !budget_left()) return;
      std::size_t before = items_.size();
      add(video, source);
      added += items_.size() - before;
    }
  }

  const Catalog& catalog() const { return catalog_; }
  std::size_t size() const { return items_.size(); }
  std::vector<Candidate> take() { return std::move(items_); }

 private:
  const FeedInputs& inputs_;
  const Catalog& catalog_;
  const FeedPolicy& policy_;
  SlotTable slot_;
  bool check_seen_ = true;
  std::vector<Candidate> items_;
  std::size_t budget_end_ = 0;
};

std::size_t share(const FeedPolicy& policy, double fraction) {
  return static_cast<std::size_t>(static_cast<double>(policy.max_candidates) * fraction);
}

// The `limit` keys with the largest positive weights, heaviest first (ties by key).
std::vector<std::string_view> top_keys(const std::unordered_map<std::string, double>& weights,
                                       std::size_t limit) {
  std::vector<std::pair<std::string_view, double>> entries;
  entries.reserve(weights.size());
  for (const auto& [key, weight] : weights) {
    if (weight > 0) entries.emplace_back(key, weight);
  }
  auto heavier = [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  };
  std::size_t n = std::min(limit, entries.size());
  std::partial_sort(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(n),
                    entries.end(), heavier);
  std::vector<std::string_view> keys;
  keys.reserve(n + kSimilarRecent);
  for (std::size_t i = 0; i < n; ++i)
    keys.push_back(entries[i].first);
  return keys;
}

void add_unique(std::vector<std::string_view>& keys, std::string_view key) {
  if (std::ranges::find(keys, key) == keys.end()) keys.push_back(key);
}

void gather_co_watch(Gatherer& gatherer, const FeedInputs& inputs) {
  for (const std::string& completed : inputs.viewer->recent_completions) {
    auto it = inputs.co_watch.find(completed);
    if (it == inputs.co_watch.end()) continue;
    for (const auto& [id, count] : it->second) {
      if (Candidate* candidate = gatherer.add(id, Source::kCoWatch)) candidate->co_watch += count;
    }
  }
}

void gather_followed(Gatherer& gatherer, const FeedInputs& inputs, std::size_t budget) {
  const ViewerProfile& viewer = *inputs.viewer;
  if (viewer.follows.empty()) return;
  // Sorted, so the same follows give the same candidates whatever the set's order.
  std::vector<std::string_view> creators(viewer.follows.begin(), viewer.follows.end());
  std::ranges::sort(creators);
  std::size_t quota = std::max<std::size_t>(1, budget / creators.size());
  for (std::string_view creator : creators) {
    gatherer.add_from(gatherer.catalog().by_creator(creator), Source::kFollowed, quota);
  }
}

void gather_interests(Gatherer& gatherer, const FeedInputs& inputs, std::size_t budget) {
  const ViewerProfile& viewer = *inputs.viewer;
  const Catalog& catalog = gatherer.catalog();
  std::vector<std::string_view> tags = top_keys(viewer.hashtag_weights, kTopHashtags);
  std::vector<std::string_view> creators = top_keys(viewer.creator_weights, kTopCreators);
  std::size_t recent = std::min(kSimilarRecent, viewer.recent_completions.size());
  for (std::size_t i = 0; i < recent; ++i) {
    std::optional<VideoIndex> video = catalog.find(viewer.recent_completions[i]);
    if (!video) continue;
    const VideoInfo& info = catalog.at(*video);
    for (const std::string& tag : info.hashtags)
      add_unique(tags, tag);
    add_unique(creators, info.creator);
  }
  std::size_t lists = tags.size() + creators.size();
  if (lists == 0) return;
  std::size_t quota = std::max<std::size_t>(1, budget / lists);
  for (std::string_view tag : tags) {
    gatherer.add_from(catalog.by_hashtag(tag), Source::kInterest, quota);
  }
  for (std::string_view creator : creators) {
    gatherer.add_from(catalog.by_creator(creator), Source::kInterest, quota);
  }
}

void gather_trending(Gatherer& gatherer, const FeedInputs& inputs) {
  auto note = [](Candidate* candidate, int rank, double score) {
    if (candidate != nullptr && candidate->trending_rank < 0) {
      candidate->trending_rank = rank;
      candidate->trending_score = score;
    }
  };
  int rank = 0;
  if (!inputs.trending_indexed.empty()) {
    for (const auto& [video, score] : inputs.trending_indexed) {
      if (video < gatherer.catalog().size())
        note(gatherer.add(video, Source::kTrending), rank, score);
      ++rank;
    }
    return;
  }
  for (const auto& [id, score] : inputs.trending) {
    note(gatherer.add(id, Source::kTrending), rank++, score);
  }
}

void gather_exploration(Gatherer& gatherer, std::size_t budget) {
  std::size_t scanned = 0;
  for (VideoIndex video : gatherer.catalog().newest()) {
    if (!gatherer.budget_left() || ++scanned > budget * kScanFactor) return;
    gatherer.add(video, Source::kExplore, /*testing_only=*/true);
  }
}

}  // namespace

std::vector<Candidate> gather_candidates(const FeedInputs& inputs, const FeedPolicy& policy,
                                         bool personalised) {
  if (inputs.catalog == nullptr || policy.max_candidates == 0) return {};
  Gatherer gatherer(inputs, policy);
  std::size_t explore_budget = std::max<std::size_t>(1, share(policy, kExploreShare));
  if (personalised && inputs.viewer != nullptr) {
    gatherer.open_budget(share(policy, kCoWatchShare));
    gather_co_watch(gatherer, inputs);
    std::size_t followed = share(policy, kFollowedShare);
    gatherer.open_budget(followed);
    gather_followed(gatherer, inputs, followed);
    std::size_t interest = share(policy, kInterestShare);
    gatherer.open_budget(interest);
    gather_interests(gatherer, inputs, interest);
  }
  std::size_t taken = gatherer.size();
  gatherer.open_budget(policy.max_candidates > taken + explore_budget
                           ? policy.max_candidates - taken - explore_budget
                           : 0);
  gather_trending(gatherer, inputs);
  gatherer.open_budget(explore_budget);
  gather_exploration(gatherer, explore_budget);
  return gatherer.take();
}

}  // namespace origin::rank
