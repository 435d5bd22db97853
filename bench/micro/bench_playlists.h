// The playlists the manifest benchmarks measure, generated deterministically so that our
// parser and hls-parser (node) read the same bytes.
#pragma once

#include <string>

namespace bench {

// A 1,000-segment fMP4 VOD playlist as libavformat's HLS muxer writes it, with EXT-X-MAP
// and two EXT-X-PROGRAM-DATE-TIME tags.
std::string media_playlist_1000();
// A 20-variant multivariant playlist with audio groups, CODECS, RESOLUTION and FRAME-RATE.
std::string master_playlist_20();

}  // namespace bench
