// The protocol versions that features need (RFC 8216bis section 7), one function per kind of
// item, shared by the text validator and required_version() so both apply the same rules.
// Internal to manifest/.
#pragma once

#include <cstdint>
#include <string_view>

#include "manifest/attribute_list.h"

namespace manifest {

// The lowest version an item needs and the feature that needs it (empty at version 1).
struct VersionNeed {
  uint32_t version = 1;
  std::string_view feature;
};

// The greater of two needs; the first when they are equal.
VersionNeed max_need(const VersionNeed& a, const VersionNeed& b);

VersionNeed extinf_version(double duration);        // 3 when the duration has a fractional part
VersionNeed byte_range_version();                   // EXT-X-BYTERANGE: 4
VersionNeed i_frames_only_version();                // EXT-X-I-FRAMES-ONLY: 4
VersionNeed key_version(const AttributeList& key);  // IV: 2; SAMPLE-AES, KEYFORMAT*: 5
VersionNeed map_version(bool i_frames_only);        // EXT-X-MAP: 5, or 6 without I-FRAMES-ONLY
// INSTREAM-ID="SERVICEn": 7; INSTREAM-ID on a TYPE other than CLOSED-CAPTIONS: 13
VersionNeed media_version(const AttributeList& media);
VersionNeed define_version(const AttributeList& define);  // 8; QUERYPARAM: 11
VersionNeed variable_reference_version();                 // {$name}: 8
VersionNeed skip_version(const AttributeList& skip);      // 9; RECENTLY-REMOVED-DATERANGES: 10
VersionNeed attribute_names_version(const AttributeList& list);  // a REQ- attribute: 12

// Features removed from the protocol, forbidden at and above these versions.
inline constexpr uint32_t kProgramIdRemovedIn = 6;   // PROGRAM-ID of (I-FRAME-)STREAM-INF
inline constexpr uint32_t kAllowCacheRemovedIn = 7;  // EXT-X-ALLOW-CACHE

}  // namespace manifest
