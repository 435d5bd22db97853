// The one table of HLS tags: name, where a tag may stand, the form of its value, and the
// version that introduced it. Parser, writer and validator all read it. Internal to manifest/.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace manifest {

enum class TagId : uint8_t {
  kExtm3u,
  kVersion,
  kIndependentSegments,
  kStart,
  kDefine,
  kTargetDuration,
  kMediaSequence,
  kDiscontinuitySequence,
  kEndList,
  kPlaylistType,
  kIFramesOnly,
  kPartInf,
  kServerControl,
  kExtinf,
  kByteRange,
  kDiscontinuity,
  kKey,
  kMap,
  kProgramDateTime,
  kGap,
  kBitrate,
  kPart,
  kDateRange,
  kSkip,
  kPreloadHint,
  kRenditionReport,
  kMedia,
  kStreamInf,
  kIFrameStreamInf,
  kSessionData,
  kSessionKey,
  kContentSteering,
};

// Where a tag may stand (section 4.4): in any playlist, in either kind but not both at once,
// in the header of a media playlist, before a media segment, as media metadata, or in a
// master (multivariant) playlist.
enum class TagScope : uint8_t { kBasic, kEither, kMediaHeader, kSegment, kMediaMetadata, kMaster };

enum class TagValue : uint8_t {
  kNone,        // #EXT-X-ENDLIST
  kInteger,     // #EXT-X-TARGETDURATION:6
  kExtinf,      // #EXTINF:<duration>,[<title>]
  kByteRange,   // #EXT-X-BYTERANGE:<n>[@<o>]
  kEnum,        // #EXT-X-PLAYLIST-TYPE:VOD
  kDateTime,    // #EXT-X-PROGRAM-DATE-TIME:<date-time>
  kAttributes,  // #EXT-X-KEY:METHOD=...
};

struct TagInfo {
  TagId id;
  std::string_view name;  // without '#'
  TagScope scope;
  TagValue value;
  bool once;  // may appear at most once in a playlist
};

// The entry of `name` ("EXT-X-KEY", without '#'), or nullptr for a tag we do not know.
const TagInfo* find_tag(std::string_view name);
const TagInfo& tag_info(TagId id);
std::span<const TagInfo> all_tags();

}  // namespace manifest
