// The lowest EXT-X-VERSION a playlist needs (RFC 8216bis section 7): the per-feature rules,
// shared with the text validator, and required_version() over the model.
#include <algorithm>
#include <cmath>
#include <optional>
#include <string_view>
#include <vector>

#include "manifest/validate_version.h"
#include "manifest/validator.h"

namespace manifest {

VersionNeed max_need(const VersionNeed& a, const VersionNeed& b) {
  return b.version > a.version ? b : a;
}

VersionNeed extinf_version(double duration) {
  if (std::isfinite(duration) && duration != std::floor(duration)) {
    return {3, "a floating-point EXTINF duration"};
  }
  return {};
}

VersionNeed byte_range_version() {
  return {4, "EXT-X-BYTERANGE"};
}

VersionNeed i_frames_only_version() {
  return {4, "EXT-X-I-FRAMES-ONLY"};
}

VersionNeed key_version(const AttributeList& key) {
  VersionNeed need;
  if (key.contains("IV")) need = max_need(need, {2, "the IV attribute of EXT-X-KEY"});
  if (key.get_enum("METHOD") == "SAMPLE-AES") {
    need = max_need(need, {5, "EXT-X-KEY METHOD=SAMPLE-AES"});
  }
  if (key.contains("KEYFORMAT") || key.contains("KEYFORMATVERSIONS")) {
    need = max_need(need, {5, "KEYFORMAT or KEYFORMATVERSIONS of EXT-X-KEY"});
  }
  return need;
}

VersionNeed map_version(bool i_frames_only) {
  if (i_frames_only) return {5, "EXT-X-MAP"};
  return {6, "EXT-X-MAP in a playlist without EXT-X-I-FRAMES-ONLY"};
}

VersionNeed media_version(const AttributeList& media) {
  if (!media.contains("INSTREAM-ID")) return {};
  if (media.get_enum("TYPE") != "CLOSED-CAPTIONS") {
    return {13, "INSTREAM-ID on an EXT-X-MEDIA of a TYPE other than CLOSED-CAPTIONS"};
  }
  const auto instream = media.get_string("INSTREAM-ID");
  if (instream && instream->starts_with("SERVICE")) {
    return {7, "a SERVICE value of INSTREAM-ID"};
  }
  return {};
}

VersionNeed define_version(const AttributeList& define) {
  if (define.contains("QUERYPARAM")) return {11, "EXT-X-DEFINE QUERYPARAM"};
  return {8, "variable substitution"};
}

VersionNeed variable_reference_version() {
  return {8, "variable substitution"};
}

VersionNeed skip_version(const AttributeList& skip) {
  if (skip.contains("RECENTLY-REMOVED-DATERANGES")) {
    return {10, "EXT-X-SKIP RECENTLY-REMOVED-DATERANGES"};
  }
  return {9, "EXT-X-SKIP"};
}

VersionNeed attribute_names_version(const AttributeList& list) {
  for (const Attribute& attribute : list.items()) {
    if (attribute.name.starts_with("REQ-")) return {12, "an attribute named REQ-*"};
  }
  return {};
}

namespace {

uint32_t lists_version(const std::vector<AttributeList>& lists) {
  uint32_t version = 1;
  for (const AttributeList& list : lists) {
    version = std::max(version, attribute_names_version(list).version);
  }
  return version;
}

uint32_t optional_list_version(const std::optional<AttributeList>& list) {
  return list ? attribute_names_version(*list).version : 1;
}

uint32_t defines_version(const std::vector<AttributeList>& defines) {
  uint32_t version = lists_version(defines);
  for (const AttributeList& define : defines) {
    version = std::max(version, define_version(define).version);
  }
  return version;
}

uint32_t segment_version(const MediaSegment& segment, bool i_frames_only, bool open) {
  uint32_t version = 1;
  if (!open) version = std::max(version, extinf_version(segment.duration).version);
  if (segment.map) {
    version = std::max({version, map_version(i_frames_only).version,
                        attribute_names_version(*segment.map).version});
  }
  if (!segment.details) return version;
  const SegmentDetails& details = *segment.details;
  if (details.byte_range) version = std::max(version, byte_range_version().version);
  for (const AttributeList& key : details.keys) {
    version = std::max({version, key_version(key).version, attribute_names_version(key).version});
  }
  return std::max({version, lists_version(details.date_ranges), lists_version(details.parts)});
}

}  // namespace

uint32_t required_version(const MediaPlaylist& playlist) {
  uint32_t version = std::max(
      {defines_version(playlist.defines), optional_list_version(playlist.start),
       optional_list_version(playlist.part_inf), optional_list_version(playlist.server_control),
       lists_version(playlist.preload_hints), lists_version(playlist.rendition_reports)});
  if (playlist.i_frames_only) version = std::max(version, i_frames_only_version().version);
  if (playlist.skip) {
    version = std::max({version, skip_version(*playlist.skip).version,
                        attribute_names_version(*playlist.skip).version});
  }
  for (const MediaSegment& segment : playlist.segments) {
    version = std::max(version, segment_version(segment, playlist.i_frames_only, false));
  }
  if (playlist.open_segment) {
    version =
        std::max(version, segment_version(*playlist.open_segment, playlist.i_frames_only, true));
  }
  return version;
}

uint32_t required_version(const MasterPlaylist& playlist) {
  uint32_t version =
      std::max({defines_version(playlist.defines), optional_list_version(playlist.start),
                lists_version(playlist.session_data), lists_version(playlist.session_keys),
                optional_list_version(playlist.content_steering), lists_version(playlist.media),
                lists_version(playlist.i_frame_variants)});
  for (const AttributeList& media : playlist.media) {
    version = std::max(version, media_version(media).version);
  }
  for (const Variant& variant : playlist.variants) {
    version = std::max(version, attribute_names_version(variant.attributes).version);
  }
  return version;
}

}  // namespace manifest
