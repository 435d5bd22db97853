// What a pre-warm fetches, as paths under the served prefix: for each hint item its master
// playlist and each named rendition's media playlist; once a media playlist is fetched, its
// init section and first segments, found with manifest/. Pure: no I/O.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "prefetch/hint.h"
#include "prefetch/warm_queue.h"

namespace edge::warm {

struct ObjectEstimates {
  std::string prefix = "/v/";  // the served prefix videos live under
  // Bytes charged to the bandwidth bucket before the real size is known.
  uint64_t playlist_bytes = uint64_t{2} * 1024;
  uint64_t segment_bytes = uint64_t{256} * 1024;
};

// The tasks of a hint: per item, the master playlist, then each rendition's media playlist
// with follow_segments = item.segments. Priorities are the item's.
std::vector<prefetch::WarmTask> hint_tasks(const prefetch::Hint& hint,
                                           const ObjectEstimates& estimates);

// The tasks a fetched media playlist leads to: its init section(s) and first
// `playlist.follow_segments` segments, resolved against the playlist's path. References that
// leave the playlist's video (another host, another video, a query) are not followed. Within
// one playlist, earlier objects rank slightly higher, so a video's segments warm in order.
std::expected<std::vector<prefetch::WarmTask>, std::string> playlist_tasks(
    const prefetch::WarmTask& playlist, std::string_view body, const ObjectEstimates& estimates);

// The video a path names: the segment after `prefix` ("/v/v42/360p/seg_0.m4s" -> "v42").
std::optional<std::string> video_of(std::string_view path, std::string_view prefix);

}  // namespace edge::warm
