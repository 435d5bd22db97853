// The HLS playlist model (RFC 8216 and draft-pantos-hls-rfc8216bis): master (multivariant)
// and media playlists as faithful syntax trees. Tags are kept where they stood relative to
// segments and variants, so parse -> write keeps their meaning; unknown tags and comments are
// kept verbatim, attached to the item they precede. Effective values (the key or map in force
// for a segment, absolute byte offsets) are derived by the rewrites in rewrite.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <memory_resource>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "manifest/attribute_list.h"
#include "manifest/heap_optional.h"
#include "manifest/text_arena.h"

namespace manifest {

// EXT-X-BYTERANGE:<length>[@<offset>]; without offset the range follows the previous
// segment's range of the same resource.
struct ByteRange {
  uint64_t length = 0;
  std::optional<uint64_t> offset;
  bool operator==(const ByteRange&) const = default;
};

enum class PlaylistType : uint8_t { kEvent, kVod };

// The tags of a segment that few segments have. Attribute-list tags keep their attribute list
// whole: METHOD/URI/IV/KEYFORMAT for EXT-X-KEY, ID/START-DATE/... for EXT-X-DATERANGE,
// URI/DURATION/... for EXT-X-PART.
struct SegmentDetails {
  std::optional<ByteRange> byte_range;
  std::optional<uint64_t> bitrate;  // EXT-X-BITRATE, kbit/s
  std::optional<std::string> program_date_time;
  std::vector<AttributeList> keys;  // EXT-X-KEY tags placed before this segment
  std::vector<AttributeList> date_ranges;
  std::vector<AttributeList> parts;      // EXT-X-PART of this segment, in order
  std::vector<std::string> extra_lines;  // unknown tags and comments before it, verbatim
  bool operator==(const SegmentDetails&) const = default;
};

// A segment and the tags that apply from it onwards or to it alone. What most segments have
// (EXTINF, URI) is held in place; the rest on the heap, present only when one of its tags is:
// the parser leaves `details` empty rather than holding an empty SegmentDetails, and an
// empty one compares unequal to an absent one.
struct MediaSegment {
  // Empty only in MediaPlaylist::open_segment. In a parsed playlist it lives in the
  // playlist's uri_arena: a segment taken out of `segments` by a move must not outlive its
  // playlist (copy it instead); reading, assigning and copying are as for std::string. First,
  // so that the parser can make a segment from its allocator alone.
  std::pmr::string uri;
  double duration = 0;  // EXTINF, seconds
  std::string title;    // EXTINF text after the comma
  bool discontinuity = false;
  bool gap = false;
  HeapOptional<AttributeList> map;  // EXT-X-MAP placed before this segment (URI, BYTERANGE)
  HeapOptional<SegmentDetails> details;
  bool operator==(const MediaSegment&) const = default;
};

struct MediaPlaylist {
  std::optional<uint32_t> version;
  bool independent_segments = false;
  std::optional<AttributeList> start;  // EXT-X-START
  std::vector<AttributeList> defines;  // EXT-X-DEFINE
  std::optional<uint64_t> target_duration;
  std::optional<uint64_t> media_sequence;
  std::optional<uint64_t> discontinuity_sequence;
  std::optional<PlaylistType> playlist_type;
  bool i_frames_only = false;
  std::optional<AttributeList> part_inf;        // EXT-X-PART-INF
  std::optional<AttributeList> server_control;  // EXT-X-SERVER-CONTROL
  std::optional<AttributeList> skip;            // EXT-X-SKIP, before the first segment
  std::vector<std::string> header_lines;        // unknown tags and comments of the header
  // Holds segments[i].uri of a parsed playlist (only those); declared before `segments`, which
  // are destroyed first.
  TextArena uri_arena;
  std::vector<MediaSegment> segments;
  // Tags after the last URI: the parts and tags of a segment still being produced (LL-HLS),
  // and unknown lines at the end. Its duration and uri are unused.
  std::optional<MediaSegment> open_segment;
  std::vector<AttributeList> preload_hints;      // EXT-X-PRELOAD-HINT
  std::vector<AttributeList> rendition_reports;  // EXT-X-RENDITION-REPORT
  bool end_list = false;
  bool operator==(const MediaPlaylist&) const = default;
};

// EXT-X-STREAM-INF and the URI line after it.
struct Variant {
  AttributeList attributes;
  std::string uri;
  std::vector<std::string> extra_lines;  // unknown tags and comments before it, verbatim
  bool operator==(const Variant&) const = default;
};

struct MasterPlaylist {
  std::optional<uint32_t> version;
  bool independent_segments = false;
  std::optional<AttributeList> start;
  std::vector<AttributeList> defines;
  std::vector<std::string> header_lines;
  std::vector<AttributeList> session_data;        // EXT-X-SESSION-DATA
  std::vector<AttributeList> session_keys;        // EXT-X-SESSION-KEY
  std::optional<AttributeList> content_steering;  // EXT-X-CONTENT-STEERING
  std::vector<AttributeList> media;               // EXT-X-MEDIA
  std::vector<Variant> variants;
  std::vector<AttributeList> i_frame_variants;  // EXT-X-I-FRAME-STREAM-INF
  std::vector<std::string> trailing_lines;      // unknown lines after the last variant
  bool operator==(const MasterPlaylist&) const = default;
};

using Playlist = std::variant<MediaPlaylist, MasterPlaylist>;

}  // namespace manifest
