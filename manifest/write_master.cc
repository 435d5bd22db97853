// Master (multivariant) playlist writer: header, session and steering tags, renditions, then
// each variant's EXT-X-STREAM-INF and URI, the I-frame variants and the trailing lines.
#include "manifest/write_common.h"
#include "manifest/writer.h"

namespace manifest {
namespace {

// As for media playlists: without a master-only tag between them, the first variant's extra
// lines need a blank line to stay apart from the header's.
bool needs_separator(const MasterPlaylist& playlist) {
  return playlist.session_data.empty() && playlist.session_keys.empty() &&
         !playlist.content_steering && playlist.media.empty() && !playlist.variants.empty() &&
         !playlist.variants.front().extra_lines.empty();
}

}  // namespace

void write_to(const MasterPlaylist& playlist, std::string& out) {
  out.reserve(out.size() + 256 + (playlist.media.size() + playlist.variants.size()) * 160);
  append_common_header(playlist, out);
  append_lines(playlist.header_lines, out);
  if (needs_separator(playlist)) out += '\n';
  append_attribute_tags("#EXT-X-SESSION-DATA:", playlist.session_data, out);
  append_attribute_tags("#EXT-X-SESSION-KEY:", playlist.session_keys, out);
  if (playlist.content_steering) {
    append_attribute_tag("#EXT-X-CONTENT-STEERING:", *playlist.content_steering, out);
  }
  append_attribute_tags("#EXT-X-MEDIA:", playlist.media, out);
  for (const Variant& variant : playlist.variants) {
    append_lines(variant.extra_lines, out);
    append_attribute_tag("#EXT-X-STREAM-INF:", variant.attributes, out);
    out += variant.uri;
    out += '\n';
  }
  append_attribute_tags("#EXT-X-I-FRAME-STREAM-INF:", playlist.i_frame_variants, out);
  append_lines(playlist.trailing_lines, out);
}

std::string write(const MasterPlaylist& playlist) {
  std::string out;
  write_to(playlist, out);
  return out;
}

}  // namespace manifest
