// The tag table and its lookup by a perfect hash built at compile time (no scan over the
// tags, no call to memcmp).
#include "manifest/tag_table.h"

#include <array>
#include <bit>
#include <cstddef>
#include <cstring>

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

// same_bytes and name_key read four bytes at both ends of a name.
constexpr size_t kMinNameLength = 6;
constexpr bool names_long_enough() {
  for (const TagInfo& tag : kTags) {
    if (tag.name.size() < kMinNameLength) return false;
  }
  return true;
}
static_assert(names_long_enough());

// The last eight bytes of a name (four when it is shorter), read as a little-endian word, plus
// its length: distinct for every name in the table.
constexpr uint64_t name_key(std::string_view name) {
  const size_t width = name.size() >= 8 ? 8 : 4;
  const char* tail = name.data() + name.size() - width;
  uint64_t word = 0;
  if
    consteval {
      for (size_t i = 0; i < width; ++i)
        word |= uint64_t{static_cast<unsigned char>(tail[i])} << (8 * i);
    }
  else {
    if (width == 8) {
      std::memcpy(&word, tail, 8);
      if constexpr (std::endian::native == std::endian::big) word = std::byteswap(word);
    } else {
      uint32_t half;
      std::memcpy(&half, tail, 4);
      if constexpr (std::endian::native == std::endian::big) half = std::byteswap(half);
      word = half;
    }
  }
  return word + name.size();
}

// Perfect hash of the names: the key times an odd multiplier, top bits as the slot. The
// multiplier is searched at compile time, so finding a tag costs one multiply, one index and
// one compare of the candidate.
constexpr unsigned kSlotBits = 7;
constexpr uint8_t kEmpty = 0xFF;

struct HashTable {
  uint64_t multiplier = 0;
  std::array<uint8_t, size_t{1} << kSlotBits> slots{};
  bool collision_free = false;

  constexpr size_t slot(uint64_t key) const { return (key * multiplier) >> (64 - kSlotBits); }
};

consteval HashTable make_hash_table() {
  constexpr uint64_t kGolden = 0x9E3779B97F4A7C15;
  constexpr uint64_t kTries = 1000;
  for (uint64_t i = 1; i <= kTries; ++i) {
    HashTable table;
    table.multiplier = (kGolden * i) | 1;
    table.slots.fill(kEmpty);
    table.collision_free = true;
    for (size_t t = 0; t < kTags.size() && table.collision_free; ++t) {
      uint8_t& slot = table.slots[table.slot(name_key(kTags[t].name))];
      table.collision_free = slot == kEmpty;
      slot = static_cast<uint8_t>(t);
    }
    if (table.collision_free) return table;
  }
  return HashTable{};
}

constexpr HashTable kTable = make_hash_table();
static_assert(kTable.collision_free);

uint64_t load8(const char* p) {
  uint64_t word;
  std::memcpy(&word, p, sizeof(word));
  return word;
}

uint32_t load4(const char* p) {
  uint32_t word;
  std::memcpy(&word, p, sizeof(word));
  return word;
}

// a == b for two strings of the same length n >= 4, a word at a time; the last word may
// overlap the one before it.
bool same_bytes(const char* a, const char* b, size_t n) {
  if (n < 8) return load4(a) == load4(b) && load4(a + n - 4) == load4(b + n - 4);
  for (size_t i = 0; i + 8 < n; i += 8) {
    if (load8(a + i) != load8(b + i)) return false;
  }
  return load8(a + n - 8) == load8(b + n - 8);
}

}  // namespace

const TagInfo* find_tag(std::string_view name) {
  if (name.size() < kMinNameLength) return nullptr;
  const uint8_t index = kTable.slots[kTable.slot(name_key(name))];
  if (index == kEmpty) return nullptr;
  const TagInfo& tag = kTags[index];
  if (tag.name.size() != name.size() || !same_bytes(tag.name.data(), name.data(), name.size())) {
    return nullptr;
  }
  return &tag;
}

const TagInfo& tag_info(TagId id) {
  return kTags[static_cast<size_t>(id)];
}

std::span<const TagInfo> all_tags() {
  return kTags;
}

}  // namespace manifest
