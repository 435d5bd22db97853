// m3u8 first-segments: prints what the edge pre-warms for the start of a media playlist, so
// an operator can check a hint against the playlist by hand.
#include <iostream>
#include <string>
#include <variant>
#include <vector>

#include "manifest/parser.h"
#include "manifest/rewrite.h"
#include "manifest/tool/commands.h"

namespace manifest::tool {

int run_first_segments(const std::string& path, size_t count) {
  const std::string name = display_name(path);
  const ParseLimits limits;
  const std::expected<std::string, std::string> text = read_input(path, limits.max_bytes);
  if (!text) {
    std::cerr << "m3u8: " << name << ": " << text.error() << '\n';
    return kExitUsage;
  }
  const std::expected<Playlist, ParseError> playlist = parse(*text, limits);
  if (!playlist) {
    std::cerr << name << ':' << playlist.error().line << ": " << to_string(playlist.error().code)
              << ": " << playlist.error().message << '\n';
    return kExitInvalid;
  }
  const MediaPlaylist* media = std::get_if<MediaPlaylist>(&*playlist);
  if (media == nullptr) {
    std::cerr << "m3u8: " << name
              << ": a multivariant playlist has no segments; give one of its media playlists\n";
    return kExitInvalid;
  }
  std::string out;
  for (const WarmObject& object : first_segments(*media, count)) {
    out += object.uri;
    // first_segments never returns an empty or overflowing range, so END is well defined.
    if (object.byte_range) {
      const uint64_t start = *object.byte_range->offset;
      out += " bytes=" + std::to_string(start) + '-' +
             std::to_string(start + object.byte_range->length - 1);
    }
    out += '\n';
  }
  std::cout << out;
  return kExitOk;
}

}  // namespace manifest::tool
