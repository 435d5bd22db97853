// Media playlist writer: header tags in a fixed order, then each segment's tags before its
// URI, the open segment, and the tags that close the playlist.
#include "manifest/write_common.h"
#include "manifest/writer.h"

namespace manifest {
namespace {

void append_integer_tag(std::string_view tag, uint64_t value, std::string& out) {
  out += tag;
  append_uint(value, out);
  out += '\n';
}

// Everything of a segment but its EXTINF and URI, which the open segment lacks.
void append_segment_tags(const MediaSegment& segment, std::string& out) {
  static constexpr SegmentDetails kNone;
  const SegmentDetails& details = segment.details ? *segment.details : kNone;
  append_lines(details.extra_lines, out);
  if (segment.discontinuity) out += "#EXT-X-DISCONTINUITY\n";
  append_attribute_tags("#EXT-X-KEY:", details.keys, out);
  if (segment.map) append_attribute_tag("#EXT-X-MAP:", *segment.map, out);
  if (details.program_date_time) {
    out += "#EXT-X-PROGRAM-DATE-TIME:";
    out += *details.program_date_time;
    out += '\n';
  }
  append_attribute_tags("#EXT-X-DATERANGE:", details.date_ranges, out);
  if (segment.gap) out += "#EXT-X-GAP\n";
  if (details.bitrate) append_integer_tag("#EXT-X-BITRATE:", *details.bitrate, out);
  append_attribute_tags("#EXT-X-PART:", details.parts, out);
  if (details.byte_range) {
    out += "#EXT-X-BYTERANGE:";
    append_uint(details.byte_range->length, out);
    if (details.byte_range->offset) {
      out += '@';
      append_uint(*details.byte_range->offset, out);
    }
    out += '\n';
  }
}

// The parser gives unknown lines before the first segment tag to the header unless a blank
// line sets them apart; the first segment's own extra lines need that blank line.
bool needs_separator(const MediaPlaylist& playlist) {
  if (playlist.skip) return false;
  const MediaSegment* first = !playlist.segments.empty() ? &playlist.segments.front()
                              : playlist.open_segment    ? &*playlist.open_segment
                                                         : nullptr;
  return first != nullptr && first->details && !first->details->extra_lines.empty();
}

}  // namespace

void write_to(const MediaPlaylist& playlist, std::string& out) {
  out.reserve(out.size() + 256 + playlist.segments.size() * 64);
  append_common_header(playlist, out);
  if (playlist.target_duration) {
    append_integer_tag("#EXT-X-TARGETDURATION:", *playlist.target_duration, out);
  }
  if (playlist.media_sequence) {
    append_integer_tag("#EXT-X-MEDIA-SEQUENCE:", *playlist.media_sequence, out);
  }
  if (playlist.discontinuity_sequence) {
    append_integer_tag("#EXT-X-DISCONTINUITY-SEQUENCE:", *playlist.discontinuity_sequence, out);
  }
  if (playlist.playlist_type) {
    out += playlist.playlist_type == PlaylistType::kVod ? "#EXT-X-PLAYLIST-TYPE:VOD\n"
                                                        : "#EXT-X-PLAYLIST-TYPE:EVENT\n";
  }
  if (playlist.i_frames_only) out += "#EXT-X-I-FRAMES-ONLY\n";
  if (playlist.part_inf) append_attribute_tag("#EXT-X-PART-INF:", *playlist.part_inf, out);
  if (playlist.server_control) {
    append_attribute_tag("#EXT-X-SERVER-CONTROL:", *playlist.server_control, out);
  }
  append_lines(playlist.header_lines, out);
  if (needs_separator(playlist)) out += '\n';
  if (playlist.skip) append_attribute_tag("#EXT-X-SKIP:", *playlist.skip, out);
  for (const MediaSegment& segment : playlist.segments) {
    append_segment_tags(segment, out);
    out += "#EXTINF:";
    append_decimal_float(segment.duration, out);
    out += ',';
    out += segment.title;
    out += '\n';
    out += segment.uri;
    out += '\n';
  }
  if (playlist.open_segment) append_segment_tags(*playlist.open_segment, out);
  append_attribute_tags("#EXT-X-PRELOAD-HINT:", playlist.preload_hints, out);
  append_attribute_tags("#EXT-X-RENDITION-REPORT:", playlist.rendition_reports, out);
  if (playlist.end_list) out += "#EXT-X-ENDLIST\n";
}

std::string write(const MediaPlaylist& playlist) {
  std::string out;
  write_to(playlist, out);
  return out;
}

std::string write(const Playlist& playlist) {
  return std::visit([](const auto& p) { return write(p); }, playlist);
}

}  // namespace manifest
