// Media playlist builder. Segment tags accumulate on the segment being built, which its URI
// line closes and moves to the segment list. Whatever is left open at the end becomes the
// playlist's open segment (LL-HLS parts of a segment still being produced, trailing lines).
#include <algorithm>
#include <type_traits>
#include <utility>

#include "manifest/parse_common.h"

namespace manifest {
namespace {

std::unexpected<ParseError> duplicate(const Line& line) {
  std::string message(line.name);
  message += " appears twice before one segment";
  return parse_failure(ParseErrorCode::kDuplicateTag, line.number, std::move(message));
}

// Tags that the writer places after all segments: they must not pull held-back header lines
// into the header, or an open segment's lines would move there.
bool is_trailing_tag(TagId id) {
  return id == TagId::kPreloadHint || id == TagId::kRenditionReport || id == TagId::kEndList;
}

// Converts to what `make` returns, for emplace_back: the value is made right in the vector's
// storage (guaranteed elision), not made as a temporary and then moved there.
template <typename Make>
struct BuiltInPlace {
  Make make;
  operator std::invoke_result_t<Make&>() { return make(); }  // NOLINT(google-explicit-constructor)
};
template <typename Make>
BuiltInPlace(Make) -> BuiltInPlace<Make>;

// A playlist whose segment URIs will go to an arena that holds them all in one block: with
// their terminating NULs they take no more than the text they come from. The block is taken
// from the heap at the first URI longer than a string holds in place.
MediaPlaylist with_uri_arena(size_t text_size) {
  constexpr size_t kSlack = 64;  // a last line without a line end
  MediaPlaylist playlist;
  playlist.uri_arena = TextArena(text_size + kSlack);
  return playlist;
}

}  // namespace

MediaBuilder::MediaBuilder(const ParseLimits& limits, size_t text_size)
    : limits_(limits), text_size_(text_size), playlist_(with_uri_arena(text_size)) {
  header_.header = &playlist_.header_lines;
}

// The segment being built stands at the end of the list from its first line other than EXTINF
// on, so that its URI line only has to fill in the URI. Its uri allocates from the playlist's
// arena. An EXTINF seen before the segment exists is applied here. Inlined (GCC would not): a
// segment tag calls it for every segment that has one.
[[gnu::always_inline]] inline MediaSegment& MediaBuilder::current() {
  if (!open_) {
    open_ = true;
    MediaSegment& segment =
        playlist_.segments.emplace_back(std::pmr::string(playlist_.uri_arena.resource()));
    if (extinf_line_ != 0) apply_extinf(segment);
  }
  return playlist_.segments.back();
}

void MediaBuilder::enter_segments() {
  if (in_segments_) return;
  in_segments_ = true;
  // Typical segments take 40-80 bytes of text (EXTINF and URI lines); reserving for the short
  // end avoids most regrowth and stays bounded by the input size. Master playlists and
  // headers never get here, so they reserve nothing.
  constexpr size_t kBytesPerSegment = 40;
  constexpr size_t kMaxReserve = 4096;
  playlist_.segments.reserve(std::min(text_size_ / kBytesPerSegment, kMaxReserve));
  if (header_.pending.empty()) return;
  std::vector<std::string>& extra_lines = current().details.ensure().extra_lines;
  for (std::string& line : header_.pending)
    extra_lines.push_back(std::move(line));
  header_.pending.clear();
}

void MediaBuilder::on_unknown(const Line& line) {
  if (in_segments_) {
    current().details.ensure().extra_lines.emplace_back(line.text);
  } else {
    header_.on_unknown(line.text);
  }
}

void MediaBuilder::on_blank() {
  if (!in_segments_) header_.on_blank();
}

Status MediaBuilder::on_tag(const Line& line, const TagInfo& tag) {
  if (tag.id == TagId::kExtinf) return on_extinf(line);
  // Segment tags next: they are most lines of a media playlist, and no common tag is one.
  if (tag.scope == TagScope::kSegment || tag.id == TagId::kDateRange) {
    return on_segment_tag(line, tag);
  }
  if (auto common = read_common_tag(playlist_, line, tag, limits_)) {
    if (!in_segments_) header_.on_header_tag();
    return *common;
  }
  return on_header_tag(line, tag);
}

std::unexpected<ParseError> MediaBuilder::refuse_extinf(const Line& line) const {
  if (extinf_line_ != 0) {
    return parse_failure(ParseErrorCode::kMissingUri, extinf_line_, "EXTINF without URI");
  }
  return bad_value(line, "not <duration>,[<title>]");
}

Status MediaBuilder::on_segment_tag(const Line& line, const TagInfo& tag) {
  if (!in_segments_) enter_segments();
  MediaSegment& segment = current();
  switch (tag.id) {
    case TagId::kByteRange: {
      SegmentDetails& details = segment.details.ensure();
      if (details.byte_range) return duplicate(line);
      auto range = read_byte_range(line.value);
      if (!range) return bad_value(line, "not <n>[@<o>]");
      details.byte_range = *range;
      return Status();
    }
    case TagId::kDiscontinuity:
      if (segment.discontinuity) return duplicate(line);
      segment.discontinuity = true;
      return Status();
    case TagId::kGap:
      if (segment.gap) return duplicate(line);
      segment.gap = true;
      return Status();
    case TagId::kProgramDateTime: {
      SegmentDetails& details = segment.details.ensure();
      if (details.program_date_time) return duplicate(line);
      std::string_view value = trim(line.value);
      if (value.empty()) return bad_value(line, "empty date-time");
      details.program_date_time.emplace(value);
      return Status();
    }
    case TagId::kBitrate: {
      SegmentDetails& details = segment.details.ensure();
      if (details.bitrate) return duplicate(line);
      auto value = read_integer_tag(line);
      if (!value) return std::unexpected(value.error());
      details.bitrate = *value;
      return Status();
    }
    default:
      break;
  }
  if (tag.id == TagId::kMap && segment.map) return duplicate(line);
  auto list = read_attributes(line, limits_);
  if (!list) return std::unexpected(list.error());
  switch (tag.id) {
    case TagId::kKey:
      segment.details.ensure().keys.push_back(std::move(*list));
      break;
    case TagId::kMap:
      segment.map = std::move(*list);
      break;
    case TagId::kPart:
      segment.details.ensure().parts.push_back(std::move(*list));
      break;
    default:  // kDateRange
      segment.details.ensure().date_ranges.push_back(std::move(*list));
      break;
  }
  return Status();
}

Status MediaBuilder::on_header_tag(const Line& line, const TagInfo& tag) {
  if (!in_segments_ && !is_trailing_tag(tag.id)) header_.on_header_tag();
  switch (tag.id) {
    case TagId::kTargetDuration:
    case TagId::kMediaSequence:
    case TagId::kDiscontinuitySequence: {
      auto value = read_integer_tag(line);
      if (!value) return std::unexpected(value.error());
      auto& field = tag.id == TagId::kTargetDuration  ? playlist_.target_duration
                    : tag.id == TagId::kMediaSequence ? playlist_.media_sequence
                                                      : playlist_.discontinuity_sequence;
      field = *value;
      return Status();
    }
    case TagId::kEndList:
      playlist_.end_list = true;
      return Status();
    case TagId::kIFramesOnly:
      playlist_.i_frames_only = true;
      return Status();
    case TagId::kPlaylistType: {
      std::string_view value = trim(line.value);
      if (value == "VOD") {
        playlist_.playlist_type = PlaylistType::kVod;
      } else if (value == "EVENT") {
        playlist_.playlist_type = PlaylistType::kEvent;
      } else {
        return bad_value(line, "not EVENT or VOD");
      }
      return Status();
    }
    default:
      break;
  }
  auto list = read_attributes(line, limits_);
  if (!list) return std::unexpected(list.error());
  switch (tag.id) {
    case TagId::kPartInf:
      playlist_.part_inf = std::move(*list);
      break;
    case TagId::kServerControl:
      playlist_.server_control = std::move(*list);
      break;
    case TagId::kSkip:
      playlist_.skip = std::move(*list);
      enter_segments();  // EXT-X-SKIP stands where the skipped segments were
      break;
    case TagId::kPreloadHint:
      playlist_.preload_hints.push_back(std::move(*list));
      break;
    case TagId::kRenditionReport:
      playlist_.rendition_reports.push_back(std::move(*list));
      break;
    default:
      return parse_failure(ParseErrorCode::kMixedPlaylist, line.number,
                           std::string(line.name) + " in a media playlist");
  }
  return Status();
}

std::unexpected<ParseError> MediaBuilder::refuse_uri(const Line& line) const {
  return parse_failure(ParseErrorCode::kUnexpectedUri, line.number, "URI line without EXTINF");
}

void MediaBuilder::close_segment(std::string_view uri) {
  if (open_) {
    playlist_.segments.back().uri.assign(uri);
  } else {
    apply_extinf(playlist_.segments.emplace_back(BuiltInPlace{[&] {
      return MediaSegment{.uri = std::pmr::string(uri, playlist_.uri_arena.resource()),
                          .title = {},
                          .map = {},
                          .details = {}};
    }}));
  }
  open_ = false;
  extinf_line_ = 0;
}

std::expected<MediaPlaylist, ParseError> MediaBuilder::finish() {
  if (extinf_line_ != 0) {
    return parse_failure(ParseErrorCode::kMissingUri, extinf_line_, "EXTINF without URI");
  }
  if (open_) {
    // A copy, whose uri is outside the arena: only `segments` may use it (see playlist.h).
    playlist_.open_segment = std::as_const(playlist_.segments.back());
    playlist_.segments.pop_back();
    open_ = false;
  } else if (!header_.pending.empty()) {
    playlist_.open_segment.emplace();
    playlist_.open_segment->details.emplace().extra_lines = std::move(header_.pending);
  }
  return std::move(playlist_);
}

std::pair<MediaPlaylist, std::vector<std::string>> MediaBuilder::take_header() {
  return {std::move(playlist_), std::move(header_.pending)};
}

}  // namespace manifest
