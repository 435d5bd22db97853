// The catalog's indexes, built once: by id, by creator and by hashtag, each list newest first
// (ties by id, so two snapshots of the same videos order alike), and dense numbers for
// creators and hashtags.
#include "origin/rank/catalog.h"

#include <algorithm>

namespace origin::rank {
namespace {

uint32_t number_of(std::unordered_map<std::string_view, uint32_t>& numbers, std::string_view name) {
  return numbers.try_emplace(name, static_cast<uint32_t>(numbers.size())).first->second;
}

std::optional<uint32_t> lookup(const std::unordered_map<std::string_view, uint32_t>& numbers,
                               std::string_view name) {
  auto it = numbers.find(name);
  if (it == numbers.end()) return std::nullopt;
  return it->second;
}

}  // namespace

Catalog::Catalog(std::vector<VideoInfo> videos) : videos_(std::move(videos)) {
  newest_.reserve(videos_.size());
  for (VideoIndex i = 0; i < videos_.size(); ++i)
    newest_.push_back(i);
  std::ranges::sort(newest_, [this](VideoIndex a, VideoIndex b) {
    const VideoInfo& x = videos_[a];
    const VideoInfo& y = videos_[b];
    if (x.created_s != y.created_s) return x.created_s > y.created_s;
    if (x.id != y.id) return x.id < y.id;
    return a < b;
  });
  by_id_.reserve(videos_.size());
  hot_.resize(videos_.size());
  for (VideoIndex i = 0; i < videos_.size(); ++i) {
    const VideoInfo& video = videos_[i];
    by_id_.emplace(video.id, i);
    Hot& hot = hot_[i];
    hot.created_s = video.created_s;
    hot.creator = number_of(creator_numbers_, video.creator);
    std::size_t begin = hashtags_of_.size();
    hot.hashtags_begin = static_cast<uint32_t>(begin);
    for (const std::string& tag : video.hashtags) {
      uint32_t number = number_of(hashtag_numbers_, tag);
      // A hashtag repeated on one video counts once.
      if (std::find(hashtags_of_.begin() + static_cast<std::ptrdiff_t>(begin), hashtags_of_.end(),
                    number) == hashtags_of_.end()) {
        hashtags_of_.push_back(number);
      }
    }
    hot.hashtags_end = static_cast<uint32_t>(hashtags_of_.size());
  }
  by_creator_.resize(creator_numbers_.size());
  by_hashtag_.resize(hashtag_numbers_.size());
  for (VideoIndex index : newest_) {
    by_creator_[hot_[index].creator].push_back(index);
    for (uint32_t tag : hashtag_indexes(index))
      by_hashtag_[tag].push_back(index);
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

std::optional<uint32_t> Catalog::find_creator(std::string_view creator) const {
  return lookup(creator_numbers_, creator);
}

std::optional<uint32_t> Catalog::find_hashtag(std::string_view hashtag) const {
  return lookup(hashtag_numbers_, hashtag);
}

std::span<const uint32_t> Catalog::hashtag_indexes(VideoIndex index) const {
  const Hot& hot = hot_[index];
  return std::span<const uint32_t>(hashtags_of_)
      .subspan(hot.hashtags_begin, hot.hashtags_end - hot.hashtags_begin);
}

std::span<const VideoIndex> Catalog::by_creator(std::string_view creator) const {
  std::optional<uint32_t> number = find_creator(creator);
  if (!number) return {};
  return by_creator_[*number];
}

std::span<const VideoIndex> Catalog::by_hashtag(std::string_view hashtag) const {
  std::optional<uint32_t> number = find_hashtag(hashtag);
  if (!number) return {};
  return by_hashtag_[*number];
}

}  // namespace origin::rank
