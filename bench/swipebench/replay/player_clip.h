// The player's state of one clip (player.h): what it has of the clip's playlists and segments,
// and, for the clip playing, the playback clock. Private to the player's files.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "bench/swipebench/replay/cmcd.h"
#include "bench/swipebench/replay/fetcher.h"
#include "bench/swipebench/replay/player.h"

namespace swipebench::replay {

struct Rung {
  std::string playlist;  // absolute path of its media playlist
  uint64_t bandwidth = 0;
};

struct Segment {
  std::string path;
  int64_t duration_ms = 0;  // media ms
};

struct Media {
  std::string init;  // absolute path, empty when the rendition has no EXT-X-MAP
  std::vector<Segment> segments;
};

// The next request a clip needs.
struct Player::Want {
  enum class Kind : uint8_t { kMaster, kMedia, kInit, kSegment };
  Kind kind = Kind::kMaster;
  std::string path;
  size_t rung = 0;
  size_t segment = 0;
};

struct Player::Clip {
  size_t index = 0;  // in the swipe list
  std::string video;
  bool failed = false;
  std::vector<Rung> ladder;  // by BANDWIDTH, ascending; empty before the master arrives
  bool have_master = false;
  std::map<size_t, Media> media;  // by rung
  std::optional<size_t> rung;
  std::set<std::string> have;                  // init and segment paths already fetched
  std::map<std::string, uint64_t> prefetched;  // fetched by prefetch and not played yet
  std::map<std::string, std::string> x_cache;  // of what prefetch fetched
  size_t next_segment = 0;                     // the next one to add to the buffer
  std::unique_ptr<FetchHandle> in_flight;
  // Playback, for the current clip; media times scaled to wall ms.
  bool started = false;
  bool stalled = false;
  int64_t anchor_ms = 0;        // wall time of the last playback state change
  int64_t media_at_anchor = 0;  // playhead then
  int64_t buffered = 0;         // end of the downloaded media
  int64_t stall_since = 0;
  std::vector<std::pair<int64_t, double>> played;  // (wall ms of media, Mbit/s) per segment

  bool whole() const {
    auto it = rung ? media.find(*rung) : media.end();
    return it != media.end() && next_segment >= it->second.segments.size();
  }
};

// "a/b/c.m3u8" + "x.m4s" -> "a/b/x.m4s"; an absolute path stays; an absolute URL gives its
// path (a player would follow it to another host; the replay stays on its target).
std::string resolve_uri(std::string_view base, std::string_view uri);
// The last path segment, as CMCD nor names the next object relative to this one.
std::string_view relative_to(std::string_view base, std::string_view path);

}  // namespace swipebench::replay
