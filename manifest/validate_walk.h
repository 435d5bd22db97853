// The state of one validation pass over playlist text: the diagnostics so far and what earlier
// lines established, shared by the checks of media, master and common tags. Checks that need
// the whole playlist (the target duration may follow the segments) are settled in finish_*.
// Internal to manifest/.
#pragma once

#include <charconv>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "manifest/attribute_list.h"
#include "manifest/line_reader.h"
#include "manifest/tag_table.h"
#include "manifest/validate_version.h"
#include "manifest/validator.h"

namespace manifest {

enum class PlaylistKind : uint8_t { kUnknown, kMedia, kMaster };

// A feature used on `count` lines from `line` on; compared with EXT-X-VERSION at the end, and
// reported once, since one EXT-X-VERSION line is what is wrong.
struct VersionUse {
  std::string_view feature;
  uint32_t version = 1;  // the version it needs, or for a removed feature the one removing it
  uint32_t line = 0;
  uint32_t count = 0;
};

struct MediaWalk {
  std::optional<uint64_t> target_duration;
  uint32_t extinf_line = 0;      // a pending EXTINF, waiting for its URI
  uint32_t byte_range_line = 0;  // a pending EXT-X-BYTERANGE
  bool byte_range_has_offset = false;
  bool segment_started = false;
  bool discontinuity_seen = false;
  std::string previous_uri;  // of the last segment, for BYTERANGE without offset
  bool previous_had_range = false;
  std::vector<std::pair<uint32_t, double>> unchecked_extinfs;  // (line, duration) before TARGET
  bool i_frames_only = false;
  std::vector<uint32_t> map_lines;
  std::optional<double> part_target;
  std::vector<std::pair<uint32_t, double>> unchecked_parts;  // (line, DURATION) before PART-INF
  uint32_t server_control_line = 0;
  AttributeList server_control;
  std::vector<uint32_t> skip_lines;
  uint32_t first_date_range_line = 0;
  bool program_date_time_seen = false;
  std::map<std::string, AttributeList, std::less<>> date_ranges;  // by ID
  uint32_t end_list_line = 0;
  std::vector<uint32_t> preload_hint_lines;
};

// A variant's reference to a rendition group: checked once every EXT-X-MEDIA is known.
struct GroupReference {
  uint32_t line = 0;
  std::string_view tag;        // EXT-X-STREAM-INF or EXT-X-I-FRAME-STREAM-INF
  std::string_view attribute;  // AUDIO, VIDEO, SUBTITLES or CLOSED-CAPTIONS (also the TYPE)
  std::string group;
};

struct RenditionGroup {
  std::set<std::string, std::less<>> names;
  uint32_t default_line = 0;
};

struct MasterWalk {
  uint32_t stream_inf_line = 0;  // a pending EXT-X-STREAM-INF, waiting for its URI
  std::map<std::pair<std::string, std::string>, RenditionGroup, std::less<>> groups;  // TYPE, ID
  std::vector<GroupReference> references;
  std::set<std::string, std::less<>> pathways;  // of every variant; "." for those without one
  std::vector<uint32_t> pathway_lines;          // variants that name a PATHWAY-ID
  uint32_t steering_line = 0;
  std::optional<std::string> steering_pathway;
  uint32_t closed_captions_none_line = 0;
  std::vector<uint32_t> closed_captions_other_lines;  // STREAM-INF without CLOSED-CAPTIONS=NONE
  std::set<std::pair<std::string, std::string>, std::less<>> session_data;  // DATA-ID, LANGUAGE
};

struct Walk {
  ParseLimits limits;
  std::vector<Diagnostic> diagnostics;
  PlaylistKind kind = PlaylistKind::kUnknown;
  uint32_t kind_line = 0;                   // the line that decided the kind
  std::string_view kind_tag;                // and its tag
  bool skip_uri = false;                    // the next URI line belongs to a tag of the other kind
  std::vector<uint32_t> first_line_of_tag;  // by TagId; 0 when not seen
  std::optional<uint32_t> declared_version;
  std::vector<VersionUse> version_uses;
  std::vector<VersionUse> removed_uses;
  std::set<std::string, std::less<>> variables;           // names given by EXT-X-DEFINE
  std::vector<std::pair<uint32_t, std::string>> imports;  // (line, name) of IMPORT defines
  std::vector<std::pair<uint32_t, std::string>> unresolved_references;  // (line, name)
  MediaWalk media;
  MasterWalk master;

  void report(uint32_t line, Rule rule, std::string message) {
    diagnostics.push_back(Diagnostic{line, rule, std::move(message)});
  }
  bool seen(TagId id) const {
    const auto index = static_cast<size_t>(id);
    return index < first_line_of_tag.size() && first_line_of_tag[index] != 0;
  }
  void need_version(uint32_t line, const VersionNeed& need);
  void use_removed(uint32_t line, std::string_view feature, uint32_t removed_in);
};

// Builds a message from strings and numbers, since GCC 12 has no std::format.
template <typename T>
void append_part(std::string& out, const T& part) {
  if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    out += std::string_view(part);
  } else {
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, part);
    out.append(buffer, result.ptr);
  }
}
template <typename... Parts>
std::string concat(const Parts&... parts) {
  std::string out;
  (append_part(out, parts), ...);
  return out;
}

// The value types, required attributes and enumerated values that the table of
// validate_attributes.cc declares for `tag`; and the version that REQ- attributes need.
void check_attributes(Walk& walk, uint32_t line, const TagInfo& tag, const AttributeList& list);
// The attributes one must hold exactly one of; reports absence and excess.
void check_exactly_one(Walk& walk, uint32_t line, std::string_view tag, const AttributeList& list,
                       std::initializer_list<std::string_view> names);
// EXT-X-KEY and EXT-X-SESSION-KEY: METHOD against URI, IV, KEYFORMAT.
void check_key(Walk& walk, uint32_t line, std::string_view tag, const AttributeList& key);

// Variable references in a URI line or quoted-string values, and EXT-X-DEFINE.
void check_references(Walk& walk, uint32_t line, std::string_view text);
void check_list_references(Walk& walk, uint32_t line, const AttributeList& list);
void check_define(Walk& walk, uint32_t line, const AttributeList& define);
void finish_variables(Walk& walk);

// Tags and URI lines of each kind of playlist, then the checks that need the whole playlist.
void check_media_tag(Walk& walk, const Line& line, const TagInfo& tag, const AttributeList* list);
void check_segment_uri(Walk& walk, const Line& line);
void finish_media(Walk& walk);
// The BYTERANGE="<n>[@<o>]" attribute of EXT-X-PART, and of EXT-X-MAP where <o> is required.
void check_range_attribute(Walk& walk, uint32_t line, std::string_view tag,
                           const AttributeList& list, bool offset_required);
void check_part(Walk& walk, uint32_t line, const AttributeList& part);
void finish_low_latency(Walk& walk);
void check_date_range(Walk& walk, uint32_t line, const AttributeList& range);
void check_master_tag(Walk& walk, const Line& line, const TagInfo& tag, const AttributeList* list);
void check_variant_uri(Walk& walk);
void finish_master(Walk& walk);

// Seconds since 1970 of an ISO 8601 date-time with a time zone
// (YYYY-MM-DDThh:mm:ss[.f](Z|+hh:mm|-hh:mm)), or nullopt.
std::optional<double> parse_date_time(std::string_view text);

}  // namespace manifest
