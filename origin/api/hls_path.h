// Which file a /v/ request names. Only /v/{video}/{name} and /v/{video}/{rendition}/{name},
// every segment made of [A-Za-z0-9_.-] and not starting with a dot, with a known extension:
// nothing else can reach the disk.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace origin::api {

inline constexpr std::string_view kVideoPrefix = "/v/";

struct HlsFile {
  std::string video;
  std::string relative;  // under the video's directory, e.g. "360p/seg_0.m4s"
  std::string_view content_type;
  bool playlist = false;  // playlists are cacheable briefly; everything else is immutable
};

// The file of `path` (without query), nullopt when it is not one origind serves.
std::optional<HlsFile> parse_hls_path(std::string_view path);

}  // namespace origin::api
