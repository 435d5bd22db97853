// The catalog's indexes, built once: by id, by creator and by hashtag, each list newest first
// (ties by id, so two snapshots of the same videos order alike).
#include "origin/rank/catalog.h"

#include <algorithm>

namespace origin::rank {

Catalog::Catalog(std::vector<VideoInfo> videos) : videos_(std::move(videos)) {
  newest_.resize(videos_.size());
  for (VideoIndex i = 0; i < newest_.size(); ++i)
    newest_[i] = i;
  std::ranges::sort(newest_, [this](VideoIndex a, VideoIndex b) {
    const VideoInfo& x = videos_[a];
    const VideoInfo& y = videos_[b];
    if (x.created_s != y.created_s) return x.created_s > y.created_s;
    if (x.id != y.id) return x.id < y.id;
    return a < b;
  });
  by_id_.reserve(videos_.size());
  std::unordered_map<std::string_view, uint32_t> creator_numbers;
  creator_of_.resize(videos_.size());
  for (VideoIndex i = 0; i < videos_.size(); ++i) {
    by_id_.emplace(videos_[i].id, i);
    auto [it, added] = creator_numbers.emplace(videos_[i].creator, creator_numbers.size());
    creator_of_[i] = it->second;
  }
  for (VideoIndex index : newest_) {
    const VideoInfo& video = videos_[index];
    by_creator_[video.creator].push_back(index);
    for (const std::string& tag : video.hashtags) {
      std::vector<VideoIndex>& list = by_hashtag_[tag];
      // A hashtag repeated on one video lists the video once.
      if (list.empty() || list.back() != index) list.push_back(index);
    }
  }
}

Catalog& Catalog::operator=(const Catalog& other) {
  if (this != &other) *this = Catalog(other.videos_);
  return *this;
}

std::optional<VideoIndex> Catalog::find(std::string_view id) const {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return std::nullopt;
  return it->second;
}

std::span<const VideoIndex> Catalog::by_creator(std::string_view creator) const {
  auto it = by_creator_.find(creator);
  if (it == by_creator_.end()) return {};
  return it->second;
}

std::span<const VideoIndex> Catalog::by_hashtag(std::string_view hashtag) const {
  auto it = by_hashtag_.find(hashtag);
  if (it == by_hashtag_.end()) return {};
  return it->second;
}

}  // namespace origin::rank
