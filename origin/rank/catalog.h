// The ranking's view of the videos that can be shown: ready videos with what the ranking uses
// (creator, hashtags, age, renditions), indexed by id, creator and hashtag. Immutable once built,
// so a snapshot is shared by every worker without locks.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace origin::rank {

// Every member has an initialiser, so designated initialisers may leave any of them out.
struct VideoInfo {
  std::string id = {};
  std::string creator = {};
  std::vector<std::string> hashtags = {};
  int64_t created_s = 0;
  int64_t duration_ms = 0;
  std::vector<std::string> renditions = {};
};

// Position of a video in a Catalog; stable for the life of that snapshot only.
using VideoIndex = uint32_t;

class Catalog {
 public:
  // Duplicate ids keep their first video for find(); every video stays in videos().
  explicit Catalog(std::vector<VideoInfo> videos);
  // The indexes point into the videos, so a copy rebuilds them; a move keeps them.
  Catalog(const Catalog& other) : Catalog(other.videos_) {}
  Catalog& operator=(const Catalog& other);
  Catalog(Catalog&&) noexcept = default;
  Catalog& operator=(Catalog&&) noexcept = default;

  std::size_t size() const { return videos_.size(); }
  const VideoInfo& at(VideoIndex index) const { return videos_[index]; }
  std::span<const VideoInfo> videos() const { return videos_; }
  std::optional<VideoIndex> find(std::string_view id) const;
  // Videos of a creator / carrying a hashtag, newest first; empty when none.
  std::span<const VideoIndex> by_creator(std::string_view creator) const;
  std::span<const VideoIndex> by_hashtag(std::string_view hashtag) const;
  // Every video, newest first (where exploration finds entrants).
  std::span<const VideoIndex> newest() const { return newest_; }

  // Dense numbers for creators and hashtags (same name, same number, from 0), so that the
  // feed's hot loops compare and look up integers instead of strings.
  uint32_t creator_index(VideoIndex index) const { return hot_[index].creator; }
  int64_t created_s(VideoIndex index) const { return hot_[index].created_s; }
  std::size_t creator_count() const { return by_creator_.size(); }
  std::optional<uint32_t> find_creator(std::string_view creator) const;
  // The video's distinct hashtags by number.
  std::span<const uint32_t> hashtag_indexes(VideoIndex index) const;
  std::size_t hashtag_count() const { return by_hashtag_.size(); }
  std::optional<uint32_t> find_hashtag(std::string_view hashtag) const;

 private:
  std::vector<VideoInfo> videos_;
  std::unordered_map<std::string_view, VideoIndex> by_id_;
  std::unordered_map<std::string_view, uint32_t> creator_numbers_;
  std::unordered_map<std::string_view, uint32_t> hashtag_numbers_;
  std::vector<std::vector<VideoIndex>> by_creator_;  // by creator number
  std::vector<std::vector<VideoIndex>> by_hashtag_;  // by hashtag number
  std::vector<VideoIndex> newest_;                   // every video, newest first
  // What the feed reads of every candidate, together in 24 bytes: one cache line per video.
  struct Hot {
    int64_t created_s = 0;
    uint32_t creator = 0;
    uint32_t hashtags_begin = 0;  // into hashtags_of_
    uint32_t hashtags_end = 0;
  };
  std::vector<Hot> hot_;  // by video
  std::vector<uint32_t> hashtags_of_;
};

}  // namespace origin::rank
