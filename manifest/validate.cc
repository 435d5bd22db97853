// validate(): walks playlist text line by line, decides whether it is a media or a master
// playlist, hands each tag to its checks, then settles what needs the whole playlist.
#include <algorithm>
#include <charconv>

#include "manifest/validate_walk.h"

namespace manifest {

void Walk::need_version(uint32_t line, const VersionNeed& need) {
  if (need.version <= 1) return;
  for (VersionUse& use : version_uses) {
    if (use.feature == need.feature) {
      ++use.count;
      return;
    }
  }
  version_uses.push_back({need.feature, need.version, line, 1});
}

void Walk::use_removed(uint32_t line, std::string_view feature, uint32_t removed_in) {
  for (VersionUse& use : removed_uses) {
    if (use.feature == feature) {
      ++use.count;
      return;
    }
  }
  removed_uses.push_back({feature, removed_in, line, 1});
}

namespace {

PlaylistKind kind_of(TagScope scope) {
  switch (scope) {
    case TagScope::kMediaHeader:
    case TagScope::kSegment:
    case TagScope::kMediaMetadata:
      return PlaylistKind::kMedia;
    case TagScope::kMaster:
      return PlaylistKind::kMaster;
    case TagScope::kBasic:
    case TagScope::kEither:
      break;
  }
  return PlaylistKind::kUnknown;
}

std::string_view kind_name(PlaylistKind kind) {
  return kind == PlaylistKind::kMaster ? "master" : "media";
}

// False when the tag belongs to the other kind of playlist than earlier lines decided.
bool check_kind(Walk& walk, const Line& line, const TagInfo& tag) {
  const PlaylistKind kind = kind_of(tag.scope);
  if (kind == PlaylistKind::kUnknown) return true;
  if (walk.kind == PlaylistKind::kUnknown) {
    walk.kind = kind;
    walk.kind_line = line.number;
    walk.kind_tag = tag.name;
    return true;
  }
  if (walk.kind == kind) return true;
  walk.report(
      line.number, Rule::kMixedPlaylist,
      concat(line.name, " is a ", kind_name(kind), " playlist tag, but ", walk.kind_tag,
             " on line ", walk.kind_line, " made this a ", kind_name(walk.kind), " playlist"));
  return false;
}

void check_duplicate(Walk& walk, const Line& line, const TagInfo& tag) {
  const auto index = static_cast<size_t>(tag.id);
  if (walk.first_line_of_tag.size() <= index) walk.first_line_of_tag.resize(index + 1, 0);
  uint32_t& first = walk.first_line_of_tag[index];
  if (first == 0) {
    first = line.number;
  } else if (tag.once) {
    walk.report(line.number, Rule::kDuplicateTag,
                concat(line.name, " appears again (first on line ", first,
                       "); a playlist may hold it once"));
  }
}

void check_version_tag(Walk& walk, const Line& line) {
  uint32_t version = 0;
  const auto [end, error] =
      std::from_chars(line.value.data(), line.value.data() + line.value.size(), version);
  if (error != std::errc() || end != line.value.data() + line.value.size() || version == 0) {
    walk.report(line.number, Rule::kSyntax,
                concat("EXT-X-VERSION value '", line.value, "' is not a positive integer"));
    return;
  }
  if (!walk.declared_version) walk.declared_version = version;
}

std::string_view trim_blanks(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

void check_tag(Walk& walk, Line line) {
  // Packagers leave blanks around values; the parser forgives them, and so does the validator.
  line.value = trim_blanks(line.value);
  const TagInfo* tag = find_tag(line.name);
  if (tag == nullptr) {
    if (line.name == "EXT-X-ALLOW-CACHE") {
      walk.use_removed(line.number, "EXT-X-ALLOW-CACHE", kAllowCacheRemovedIn);
    }
    return;
  }
  check_duplicate(walk, line, *tag);
  if (!check_kind(walk, line, *tag)) {
    // The URI this tag announces belongs to it; it is not a second violation.
    walk.skip_uri = tag->id == TagId::kExtinf || tag->id == TagId::kStreamInf;
    return;
  }

  std::optional<AttributeList> list;
  if (tag->value == TagValue::kAttributes) {
    auto parsed = parse_attribute_list(line.value, walk.limits.max_attributes);
    if (parsed) {
      list = std::move(*parsed);
      check_attributes(walk, line.number, *tag, *list);
      if (tag->id != TagId::kDefine) check_list_references(walk, line.number, *list);
    } else {
      walk.report(line.number, Rule::kSyntax,
                  concat(line.name, " attribute list does not parse: ", to_string(parsed.error())));
    }
  }
  const AttributeList* attributes = list ? &*list : nullptr;
  switch (tag->id) {
    case TagId::kVersion:
      check_version_tag(walk, line);
      return;
    case TagId::kDefine:
      if (attributes) check_define(walk, line.number, *attributes);
      return;
    case TagId::kExtm3u:
    case TagId::kIndependentSegments:
    case TagId::kStart:
      return;
    default:
      break;
  }
  if (kind_of(tag->scope) == PlaylistKind::kMaster) {
    check_master_tag(walk, line, *tag, attributes);
  } else {
    check_media_tag(walk, line, *tag, attributes);
  }
}

void check_uri(Walk& walk, const Line& line) {
  check_references(walk, line.number, line.text);
  if (walk.skip_uri) {
    walk.skip_uri = false;
  } else if (walk.master.stream_inf_line != 0) {
    check_variant_uri(walk);
  } else if (walk.media.extinf_line != 0 || walk.kind != PlaylistKind::kMaster) {
    check_segment_uri(walk, line);
  } else {
    walk.report(line.number, Rule::kUnexpectedUri,
                concat("URI line '", line.text,
                       "' in a master playlist has no EXT-X-STREAM-INF before it"));
  }
}

void finish_versions(Walk& walk) {
  const uint32_t declared = walk.declared_version.value_or(1);
  const std::string declared_text =
      walk.declared_version ? concat("the playlist declares EXT-X-VERSION:", declared)
                            : std::string("the playlist declares no EXT-X-VERSION (version 1)");
  for (const VersionUse& use : walk.version_uses) {
    if (use.version <= declared) continue;
    std::string message = concat(use.feature, " needs EXT-X-VERSION ", use.version,
                                 " or higher, but ", declared_text);
    if (use.count > 1) message += concat(" (first of ", use.count, " lines)");
    walk.report(use.line, Rule::kVersionTooLow, std::move(message));
  }
  for (const VersionUse& use : walk.removed_uses) {
    if (declared < use.version) continue;
    std::string message = concat(use.feature, " was removed in protocol version ", use.version,
                                 ", but the playlist declares EXT-X-VERSION:", declared);
    if (use.count > 1) message += concat(" (first of ", use.count, " lines)");
    walk.report(use.line, Rule::kVersionRemovedFeature, std::move(message));
  }
}

}  // namespace

std::vector<Diagnostic> validate(std::string_view text, const ParseLimits& limits) {
  Walk walk;
  walk.limits = limits;
  LineReader reader(text, limits);
  bool first = true;
  bool readable = true;
  while (true) {
    auto next = reader.next();
    if (!next) {
      walk.report(next.error().line, Rule::kSyntax,
                  concat(to_string(next.error().code), ": ", next.error().message,
                         "; the rest of the playlist was not read"));
      readable = false;
      break;
    }
    const std::optional<Line>& read = *next;
    if (!read.has_value()) break;
    const Line& line = read.value();
    if (first) {
      first = false;
      if (line.kind != Line::Kind::kTag || line.name != "EXTM3U" || line.has_value) {
        walk.report(line.number, Rule::kFirstLineExtm3u,
                    concat("the first line must be #EXTM3U, not '", line.text, "'"));
      }
    }
    if (line.kind == Line::Kind::kTag) {
      check_tag(walk, line);
    } else if (line.kind == Line::Kind::kUri) {
      check_uri(walk, line);
    }
  }
  if (first && readable) {
    walk.report(0, Rule::kFirstLineExtm3u, "the playlist is empty; it must start with #EXTM3U");
  } else if (readable) {
    if (walk.kind == PlaylistKind::kMaster) {
      finish_master(walk);
    } else {
      finish_media(walk);
    }
    finish_variables(walk);
    finish_versions(walk);
  }
  std::stable_sort(walk.diagnostics.begin(), walk.diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.line < b.line; });
  return std::move(walk.diagnostics);
}

}  // namespace manifest
