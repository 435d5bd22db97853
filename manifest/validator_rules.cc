// The one table of validation rules: a stable id for scripts and `m3u8 check`, the section of
// RFC 8216bis that states the rule, and a one-line summary.
#include <array>
#include <cstddef>

#include "manifest/validator.h"

namespace manifest {
namespace {

constexpr std::array kRules{
    RuleInfo{Rule::kFirstLineExtm3u, "first-line-extm3u", "4.4.1.1",
             "the first line of a playlist is #EXTM3U"},
    RuleInfo{Rule::kSyntax, "syntax", "4.1", "every line can be read as a tag, comment or URI"},
    RuleInfo{Rule::kMixedPlaylist, "mixed-playlist", "4.1",
             "a playlist is a media or a master playlist, never both"},
    RuleInfo{Rule::kDuplicateTag, "duplicate-tag", "4.4",
             "a tag allowed once in a playlist appears once"},
    RuleInfo{Rule::kVersionTooLow, "version-too-low", "7",
             "EXT-X-VERSION (1 when absent) is at least what the features used need"},
    RuleInfo{Rule::kVersionRemovedFeature, "version-removed-feature", "7",
             "no feature removed at or before the declared version is used"},
    RuleInfo{Rule::kMissingTargetDuration, "missing-target-duration", "4.4.3.1",
             "a media playlist has EXT-X-TARGETDURATION"},
    RuleInfo{Rule::kExtinfAboveTarget, "extinf-above-target-duration", "4.4.3.1",
             "each EXTINF rounded to the nearest integer is at most EXT-X-TARGETDURATION"},
    RuleInfo{Rule::kMissingExtinf, "missing-extinf", "4.4.4.1",
             "every media segment URI is preceded by EXTINF"},
    RuleInfo{Rule::kTagWithoutUri, "tag-without-uri", "4.4.4.1",
             "EXTINF and EXT-X-STREAM-INF are followed by their URI line"},
    RuleInfo{Rule::kByteRangeNoPrevious, "byterange-without-previous", "4.4.4.2",
             "EXT-X-BYTERANGE without offset follows a byte range of the same URI"},
    RuleInfo{Rule::kBadAttributeType, "bad-attribute-type", "4.2",
             "each attribute has the value type its tag defines"},
    RuleInfo{Rule::kMissingAttribute, "missing-attribute", "4.4",
             "every required attribute of a tag is present"},
    RuleInfo{Rule::kBadEnumValue, "bad-enum-value", "4.2",
             "an enumerated-string is one of the values its attribute allows"},
    RuleInfo{Rule::kKeyAttributes, "key-attributes", "4.4.4.4",
             "METHOD=NONE has no other attributes; an encryption method has a URI"},
    RuleInfo{Rule::kMediaAttributes, "media-attributes", "4.4.6.1",
             "EXT-X-MEDIA attributes agree with its TYPE and its group"},
    RuleInfo{Rule::kStreamInfAttributes, "stream-inf-attributes", "4.4.6.2",
             "a variant's rendition groups exist and its CLOSED-CAPTIONS are consistent"},
    RuleInfo{Rule::kUndefinedVariable, "undefined-variable", "4.4.2.3",
             "every {$name} reference has an EXT-X-DEFINE of that name"},
    RuleInfo{Rule::kPartWithoutPartInf, "part-without-part-inf", "4.4.4.9",
             "a playlist with EXT-X-PART has EXT-X-PART-INF"},
    RuleInfo{Rule::kSkipWithoutCanSkip, "skip-without-can-skip", "4.4.5.2",
             "EXT-X-SKIP appears only with EXT-X-SERVER-CONTROL CAN-SKIP-UNTIL"},
    RuleInfo{Rule::kDateRangeAttributes, "daterange-attributes", "4.4.5.1",
             "EXT-X-DATERANGE dates, DURATION and END-ON-NEXT are consistent"},
    RuleInfo{Rule::kProgramDateTimeFormat, "program-date-time-format", "4.4.4.6",
             "EXT-X-PROGRAM-DATE-TIME is an ISO 8601 date-time with a time zone"},
    RuleInfo{Rule::kContentSteering, "content-steering", "4.4.6.6",
             "PATHWAY-IDs go with EXT-X-CONTENT-STEERING and name a variant's pathway"},
    RuleInfo{Rule::kPlaylistTypeValue, "playlist-type-value", "4.4.3.5",
             "EXT-X-PLAYLIST-TYPE is EVENT or VOD"},
    RuleInfo{Rule::kMediaSequenceAfterSegment, "media-sequence-after-segment", "4.4.3.2",
             "EXT-X-MEDIA-SEQUENCE and EXT-X-DISCONTINUITY-SEQUENCE precede the first segment"},
    RuleInfo{Rule::kUnexpectedUri, "unexpected-uri", "4.4.6.2",
             "every URI line of a master playlist follows EXT-X-STREAM-INF"},
    RuleInfo{Rule::kExclusiveAttributes, "exclusive-attributes", "4.4.2.3",
             "exactly one of NAME/IMPORT/QUERYPARAM (EXT-X-DEFINE) or VALUE/URI (SESSION-DATA)"},
    RuleInfo{Rule::kServerControl, "server-control", "4.4.3.8",
             "hold-backs and CAN-SKIP-UNTIL respect their lower bounds"},
    RuleInfo{Rule::kPartAboveTarget, "part-above-part-target", "4.4.3.7",
             "no EXT-X-PART DURATION exceeds PART-TARGET"},
    RuleInfo{Rule::kPreloadHintWithEndList, "preload-hint-with-endlist", "4.4.5.3",
             "a playlist with EXT-X-ENDLIST has no EXT-X-PRELOAD-HINT"},
};

constexpr bool in_enum_order() {
  for (size_t i = 0; i < kRules.size(); ++i) {
    if (static_cast<size_t>(kRules[i].rule) != i) return false;
  }
  return true;
}
static_assert(in_enum_order(), "kRules must list every Rule in the order of the enum");
static_assert(static_cast<size_t>(Rule::kPreloadHintWithEndList) + 1 == kRules.size(),
              "every Rule needs an entry in kRules");

}  // namespace

std::span<const RuleInfo> rules() {
  return kRules;
}

const RuleInfo& rule_info(Rule rule) {
  const auto index = static_cast<size_t>(rule);
  return index < kRules.size() ? kRules[index] : kRules[static_cast<size_t>(Rule::kSyntax)];
}

}  // namespace manifest
