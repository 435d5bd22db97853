// m3u8 fmt: rewrites a playlist in the library's canonical form, the same text the edge and
// the origin serve, so two playlists can be compared with diff.
#include <iostream>
#include <string>

#include "manifest/parser.h"
#include "manifest/tool/commands.h"
#include "manifest/writer.h"

namespace manifest::tool {

int run_fmt(const std::string& path) {
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
  std::cout << write(*playlist);
  return kExitOk;
}

}  // namespace manifest::tool
