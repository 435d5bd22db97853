// Validation of playlist text against the rules of RFC 8216bis. Every violated rule is
// reported with its line, not only the first, so an operator can fix a playlist in one pass.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "manifest/parser.h"
#include "manifest/playlist.h"

namespace manifest {

// One value per rule; rules() describes each. Grouped by the section of the spec.
enum class Rule : uint16_t {
  kFirstLineExtm3u,            // 4.4.1.1: the first line is #EXTM3U
  kSyntax,                     // a line the parser cannot read (ParseErrorCode in the message)
  kMixedPlaylist,              // 4.1: media and master tags in one playlist
  kDuplicateTag,               // a tag allowed once appears again
  kVersionTooLow,              // 7: EXT-X-VERSION lower than the features used need
  kVersionRemovedFeature,      // 7: a feature removed at the declared version
  kMissingTargetDuration,      // 4.4.3.1: media playlist without EXT-X-TARGETDURATION
  kExtinfAboveTarget,          // 4.4.3.1: EXTINF rounded is above EXT-X-TARGETDURATION
  kMissingExtinf,              // 4.4.4.1: a media segment without EXTINF
  kTagWithoutUri,              // a segment or variant tag not followed by its URI
  kByteRangeNoPrevious,        // 4.4.4.2: BYTERANGE without offset, no previous range of the URI
  kBadAttributeType,           // 4.2: an attribute of the wrong value type
  kMissingAttribute,           // a required attribute is absent
  kBadEnumValue,               // an enumerated-string outside its allowed set
  kKeyAttributes,              // 4.4.4.4: METHOD=NONE with URI, or encryption without URI
  kMediaAttributes,            // 4.4.6.1: EXT-X-MEDIA rules (TYPE, GROUP-ID, INSTREAM-ID, URI)
  kStreamInfAttributes,        // 4.4.6.2: BANDWIDTH, groups that exist, CODECS, ...
  kUndefinedVariable,          // 4.4.2.3: {$name} with no EXT-X-DEFINE
  kPartWithoutPartInf,         // 4.4.4.9: EXT-X-PART without EXT-X-PART-INF
  kSkipWithoutCanSkip,         // 4.4.5.2: EXT-X-SKIP without CAN-SKIP-UNTIL
  kDateRangeAttributes,        // 4.4.5.1: ID, START-DATE, END-DATE/DURATION consistency
  kProgramDateTimeFormat,      // 4.4.4.6: not an ISO/IEC 8601 date-time with time zone
  kContentSteering,            // 4.4.6.6: SERVER-URI, PATHWAY-ID consistency
  kPlaylistTypeValue,          // 4.4.3.5: EVENT or VOD only
  kMediaSequenceAfterSegment,  // 4.4.3.2/3: sequence tags after the first segment
  kUnexpectedUri,              // 4.4.6.2: a URI line in a master playlist with no STREAM-INF
  kExclusiveAttributes,        // attributes of which only one may be present, present together
  kServerControl,              // 4.4.3.8: HOLD-BACK, PART-HOLD-BACK, CAN-SKIP-UNTIL bounds
  kPartAboveTarget,            // 4.4.3.7: an EXT-X-PART longer than PART-TARGET
  kPreloadHintWithEndList,     // 4.4.5.3: EXT-X-PRELOAD-HINT in a playlist with EXT-X-ENDLIST
};

struct Diagnostic {
  uint32_t line = 0;  // 1-based; 0 when about the whole playlist
  Rule rule;
  std::string message;
};

struct RuleInfo {
  Rule rule;
  std::string_view id;       // stable kebab-case name, e.g. "extinf-above-target-duration"
  std::string_view section;  // the section of RFC 8216bis, e.g. "4.4.3.1"
  std::string_view summary;  // one line on what the rule demands
};

// Every rule, in the order of the enum.
std::span<const RuleInfo> rules();
const RuleInfo& rule_info(Rule rule);

// All violations in `text`, in line order; empty when the playlist is valid.
std::vector<Diagnostic> validate(std::string_view text, const ParseLimits& limits = {});

// The lowest EXT-X-VERSION that the features of a playlist need (section 7).
uint32_t required_version(const MediaPlaylist& playlist);
uint32_t required_version(const MasterPlaylist& playlist);

}  // namespace manifest
