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
  // A dense number for the video's creator (same creator, same number), so the feed's
  // diversity rule compares integers instead of strings.
  uint32_t creator_index(VideoIndex index) const { return creator_of_[index]; }
  std::size_t creator_count() const { return by_creator_.size(); }

 private:
  std::vector<VideoInfo> videos_;
  std::unordered_map<std::string_view, VideoIndex> by_id_;
  std::unordered_map<std::string_view, std::vector<VideoIndex>> by_creator_;
  std::unordered_map<std::string_view, std::vector<VideoIndex>> by_hashtag_;
  std::vector<VideoIndex> newest_;  // every video, newest first
  std::vector<uint32_t> creator_of_;
};

}  // namespace origin::rank
