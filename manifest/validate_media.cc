// Checks of media playlist tags and segment URI lines (RFC 8216bis sections 4.4.3 to 4.4.5),
// and the media checks that need the whole playlist: target duration, date, map versions.
#include <charconv>
#include <cmath>

#include "manifest/validate_walk.h"

namespace manifest {
namespace {

std::optional<uint64_t> read_integer(std::string_view text) {
  uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto result = std::from_chars(text.data(), end, value);
  if (text.empty() || result.ec != std::errc() || result.ptr != end) return std::nullopt;
  return value;
}

std::optional<uint64_t> integer_tag(Walk& walk, const Line& line) {
  auto value = read_integer(line.value);
  if (!value) {
    walk.report(line.number, Rule::kSyntax,
                concat(line.name, " value '", line.value, "' is not a decimal-integer"));
  }
  return value;
}

// A non-negative decimal number: digits with at most one '.', as EXTINF and BYTERANGE use.
std::optional<double> read_decimal(std::string_view text) {
  if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;
  if (text.find_first_not_of("0123456789.") != std::string_view::npos) return std::nullopt;
  double value = 0;
  const char* end = text.data() + text.size();
  const auto result = std::from_chars(text.data(), end, value, std::chars_format::fixed);
  if (result.ec != std::errc() || result.ptr != end) return std::nullopt;
  return value;
}

// "<n>[@<o>]" of EXT-X-BYTERANGE and of the BYTERANGE attributes; whether an offset is given.
std::optional<bool> read_byte_range(std::string_view text) {
  const size_t at = text.find('@');
  if (!read_integer(text.substr(0, at))) return std::nullopt;
  if (at == std::string_view::npos) return false;
  if (!read_integer(text.substr(at + 1))) return std::nullopt;
  return true;
}

void check_extinf_target(Walk& walk, uint32_t line, double duration, uint64_t target) {
  const auto rounded = static_cast<uint64_t>(std::llround(std::min(duration, 1e15)));
  if (rounded > target) {
    walk.report(line, Rule::kExtinfAboveTarget,
                concat("EXTINF duration ", duration, " rounds to ", rounded,
                       ", above EXT-X-TARGETDURATION ", target));
  }
}

void check_extinf(Walk& walk, const Line& line) {
  MediaWalk& media = walk.media;
  if (media.extinf_line != 0) {
    walk.report(media.extinf_line, Rule::kTagWithoutUri,
                concat("EXTINF is not followed by a URI line (another EXTINF on line ", line.number,
                       " comes first)"));
  }
  media.extinf_line = line.number;
  media.segment_started = true;
  const std::string_view text = line.value.substr(0, line.value.find(','));
  const auto duration = read_decimal(text);
  if (!duration) {
    walk.report(line.number, Rule::kSyntax,
                concat("EXTINF duration '", text, "' is not a non-negative decimal number"));
    return;
  }
  walk.need_version(line.number, extinf_version(*duration));
  if (const auto target = media.target_duration) {
    check_extinf_target(walk, line.number, *duration, *target);
  } else {
    media.unchecked_extinfs.emplace_back(line.number, *duration);
  }
}

void check_sequence_tag(Walk& walk, const Line& line, TagId id) {
  integer_tag(walk, line);
  const MediaWalk& media = walk.media;
  if (media.segment_started || (id == TagId::kDiscontinuitySequence && media.discontinuity_seen)) {
    walk.report(line.number, Rule::kMediaSequenceAfterSegment,
                concat(line.name, " must appear before the first media segment",
                       id == TagId::kDiscontinuitySequence ? " and any EXT-X-DISCONTINUITY" : ""));
  }
}

}  // namespace

void check_range_attribute(Walk& walk, uint32_t line, std::string_view tag,
                           const AttributeList& list, bool offset_required) {
  const auto range = list.get_string("BYTERANGE");
  if (!range) return;
  const auto has_offset = read_byte_range(*range);
  if (!has_offset || (offset_required && !*has_offset)) {
    walk.report(line, Rule::kBadAttributeType,
                concat(tag, " BYTERANGE=\"", *range, "\" is not <length>",
                       offset_required ? "@<offset>" : "[@<offset>]"));
  }
}

void check_media_tag(Walk& walk, const Line& line, const TagInfo& tag, const AttributeList* list) {
  MediaWalk& media = walk.media;
  const uint32_t number = line.number;
  switch (tag.id) {
    case TagId::kTargetDuration:
      if (const auto value = integer_tag(walk, line); value && !media.target_duration) {
        media.target_duration = *value;
      }
      return;
    case TagId::kMediaSequence:
    case TagId::kDiscontinuitySequence:
      check_sequence_tag(walk, line, tag.id);
      return;
    case TagId::kBitrate:
      integer_tag(walk, line);
      return;
    case TagId::kEndList:
      if (media.end_list_line == 0) media.end_list_line = number;
      return;
    case TagId::kPlaylistType:
      if (line.value != "EVENT" && line.value != "VOD") {
        walk.report(number, Rule::kPlaylistTypeValue,
                    concat("EXT-X-PLAYLIST-TYPE '", line.value, "' is neither EVENT nor VOD"));
      }
      return;
    case TagId::kIFramesOnly:
      media.i_frames_only = true;
      walk.need_version(number, i_frames_only_version());
      return;
    case TagId::kExtinf:
      check_extinf(walk, line);
      return;
    case TagId::kByteRange:
      if (const auto has_offset = read_byte_range(line.value)) {
        media.byte_range_line = number;
        media.byte_range_has_offset = *has_offset;
      } else {
        walk.report(number, Rule::kSyntax,
                    concat("EXT-X-BYTERANGE '", line.value, "' is not <length>[@<offset>]"));
      }
      walk.need_version(number, byte_range_version());
      return;
    case TagId::kDiscontinuity:
      media.discontinuity_seen = true;
      return;
    case TagId::kProgramDateTime:
      media.program_date_time_seen = true;
      if (!parse_date_time(line.value)) {
        walk.report(number, Rule::kProgramDateTimeFormat,
                    concat("EXT-X-PROGRAM-DATE-TIME '", line.value,
                           "' is not an ISO 8601 date-time with a time zone"));
      }
      return;
    case TagId::kMap:
      media.map_lines.push_back(number);
      break;
    case TagId::kSkip:
      media.skip_lines.push_back(number);
      break;
    case TagId::kPreloadHint:
      media.preload_hint_lines.push_back(number);
      return;
    default:
      break;
  }
  if (list == nullptr) return;
  switch (tag.id) {
    case TagId::kPartInf:
      if (!media.part_target) media.part_target = list->get_number("PART-TARGET");
      return;
    case TagId::kServerControl:
      if (media.server_control_line == 0) {
        media.server_control_line = number;
        media.server_control = *list;
      }
      return;
    case TagId::kKey:
      check_key(walk, number, "EXT-X-KEY", *list);
      walk.need_version(number, key_version(*list));
      return;
    case TagId::kMap:
      check_range_attribute(walk, number, "EXT-X-MAP", *list, true);
      return;
    case TagId::kPart:
      check_part(walk, number, *list);
      return;
    case TagId::kDateRange:
      check_date_range(walk, number, *list);
      return;
    case TagId::kSkip:
      walk.need_version(number, skip_version(*list));
      return;
    default:
      return;
  }
}

void check_segment_uri(Walk& walk, const Line& line) {
  MediaWalk& media = walk.media;
  if (media.extinf_line == 0) {
    walk.report(line.number, Rule::kMissingExtinf,
                concat("segment URI '", line.text, "' has no EXTINF before it"));
  }
  media.segment_started = true;
  const bool has_range = media.byte_range_line != 0;
  if (has_range && !media.byte_range_has_offset &&
      !(media.previous_had_range && media.previous_uri == line.text)) {
    walk.report(media.byte_range_line, Rule::kByteRangeNoPrevious,
                concat("EXT-X-BYTERANGE without offset, but the previous segment is not a byte "
                       "range of '",
                       line.text, "'"));
  }
  media.previous_uri.assign(line.text);
  media.previous_had_range = has_range;
  media.extinf_line = 0;
  media.byte_range_line = 0;
  media.byte_range_has_offset = false;
}

void finish_media(Walk& walk) {
  MediaWalk& media = walk.media;
  if (media.extinf_line != 0) {
    walk.report(media.extinf_line, Rule::kTagWithoutUri, "EXTINF is not followed by a URI line");
  }
  if (!walk.seen(TagId::kTargetDuration)) {
    walk.report(0, Rule::kMissingTargetDuration, "the media playlist has no EXT-X-TARGETDURATION");
  } else if (const auto target = media.target_duration) {
    for (const auto& [line, duration] : media.unchecked_extinfs) {
      check_extinf_target(walk, line, duration, *target);
    }
  }
  finish_low_latency(walk);
  if (media.first_date_range_line != 0 && !media.program_date_time_seen) {
    walk.report(media.first_date_range_line, Rule::kDateRangeAttributes,
                "EXT-X-DATERANGE in a playlist without EXT-X-PROGRAM-DATE-TIME");
  }
  for (const uint32_t line : media.map_lines) {
    walk.need_version(line, map_version(media.i_frames_only));
  }
}

}  // namespace manifest
