// The tag table and its lookup. Names are bucketed by length at compile time, so finding a
// tag costs one array index and at most three short compares (no scan over all tags).
#include "manifest/tag_table.h"

#include <array>
#include <cstddef>

namespace manifest {
namespace {

using enum TagId;
using enum TagScope;
using V = TagValue;

// Indexed by TagId, in its order.
constexpr std::array<TagInfo, 32> kTags = {{
    {kExtm3u, "EXTM3U", kBasic, V::kNone, true},
    {kVersion, "EXT-X-VERSION", kBasic, V::kInteger, true},
    {kIndependentSegments, "EXT-X-INDEPENDENT-SEGMENTS", kEither, V::kNone, true},
    {kStart, "EXT-X-START", kEither, V::kAttributes, true},
    {kDefine, "EXT-X-DEFINE", kEither, V::kAttributes, false},
    {kTargetDuration, "EXT-X-TARGETDURATION", kMediaHeader, V::kInteger, true},
    {kMediaSequence, "EXT-X-MEDIA-SEQUENCE", kMediaHeader, V::kInteger, true},
    {kDiscontinuitySequence, "EXT-X-DISCONTINUITY-SEQUENCE", kMediaHeader, V::kInteger, true},
    {kEndList, "EXT-X-ENDLIST", kMediaHeader, V::kNone, true},
    {kPlaylistType, "EXT-X-PLAYLIST-TYPE", kMediaHeader, V::kEnum, true},
    {kIFramesOnly, "EXT-X-I-FRAMES-ONLY", kMediaHeader, V::kNone, true},
    {kPartInf, "EXT-X-PART-INF", kMediaHeader, V::kAttributes, true},
    {kServerControl, "EXT-X-SERVER-CONTROL", kMediaHeader, V::kAttributes, true},
    {TagId::kExtinf, "EXTINF", kSegment, V::kExtinf, false},
    {TagId::kByteRange, "EXT-X-BYTERANGE", kSegment, V::kByteRange, false},
    {kDiscontinuity, "EXT-X-DISCONTINUITY", kSegment, V::kNone, false},
    {kKey, "EXT-X-KEY", kSegment, V::kAttributes, false},
    {kMap, "EXT-X-MAP", kSegment, V::kAttributes, false},
    {kProgramDateTime, "EXT-X-PROGRAM-DATE-TIME", kSegment, V::kDateTime, false},
    {kGap, "EXT-X-GAP", kSegment, V::kNone, false},
    {kBitrate, "EXT-X-BITRATE", kSegment, V::kInteger, false},
    {kPart, "EXT-X-PART", kSegment, V::kAttributes, false},
    {kDateRange, "EXT-X-DATERANGE", kMediaMetadata, V::kAttributes, false},
    {kSkip, "EXT-X-SKIP", kMediaMetadata, V::kAttributes, true},
    {kPreloadHint, "EXT-X-PRELOAD-HINT", kMediaMetadata, V::kAttributes, false},
    {kRenditionReport, "EXT-X-RENDITION-REPORT", kMediaMetadata, V::kAttributes, false},
    {kMedia, "EXT-X-MEDIA", kMaster, V::kAttributes, false},
    {kStreamInf, "EXT-X-STREAM-INF", kMaster, V::kAttributes, false},
    {kIFrameStreamInf, "EXT-X-I-FRAME-STREAM-INF", kMaster, V::kAttributes, false},
    {kSessionData, "EXT-X-SESSION-DATA", kMaster, V::kAttributes, false},
    {kSessionKey, "EXT-X-SESSION-KEY", kMaster, V::kAttributes, false},
    {kContentSteering, "EXT-X-CONTENT-STEERING", kMaster, V::kAttributes, true},
}};

constexpr bool table_in_id_order() {
  for (size_t i = 0; i < kTags.size(); ++i) {
    if (static_cast<size_t>(kTags[i].id) != i) return false;
  }
  return true;
}
static_assert(table_in_id_order());

constexpr size_t kMaxNameLength = 28;
constexpr size_t kBucketSize = 4;
constexpr uint8_t kEmpty = 0xFF;
using Buckets = std::array<std::array<uint8_t, kBucketSize>, kMaxNameLength + 1>;

consteval Buckets make_buckets() {
  Buckets buckets{};
  for (auto& bucket : buckets)
    bucket.fill(kEmpty);
  for (size_t i = 0; i < kTags.size(); ++i) {
    auto& bucket = buckets[kTags[i].name.size()];
    size_t slot = 0;
    while (bucket[slot] != kEmpty)
      ++slot;  // overflow fails constant evaluation
    bucket[slot] = static_cast<uint8_t>(i);
  }
  return buckets;
}

constexpr Buckets kBuckets = make_buckets();

}  // namespace

const TagInfo* find_tag(std::string_view name) {
  if (name.size() > kMaxNameLength) return nullptr;
  for (uint8_t index : kBuckets[name.size()]) {
    if (index == kEmpty) return nullptr;
    if (kTags[index].name == name) return &kTags[index];
  }
  return nullptr;
}

const TagInfo& tag_info(TagId id) {
  return kTags[static_cast<size_t>(id)];
}

std::span<const TagInfo> all_tags() {
  return kTags;
}

}  // namespace manifest
