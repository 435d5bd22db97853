// Checks of master (multivariant) playlist tags (RFC 8216bis section 4.4.6), and those that
// need the whole playlist: rendition groups that variants name, content steering pathways.
#include "manifest/validate_walk.h"

namespace manifest {
namespace {

constexpr std::string_view kInstreamIdChars =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.";
constexpr std::string_view kStableIdChars =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=.-_";

bool only_chars(std::string_view text, std::string_view allowed) {
  return text.find_first_not_of(allowed) == std::string_view::npos;
}

void check_stable_id(Walk& walk, uint32_t line, std::string_view tag, const AttributeList& list,
                     std::string_view name) {
  const auto id = list.get_string(name);
  if (id && !only_chars(*id, kStableIdChars)) {
    walk.report(line, Rule::kBadAttributeType,
                concat(tag, " ", name, "=\"", *id,
                       "\" may use only A-Z, a-z, 0-9 and the characters +/=.-_"));
  }
}

bool is_instream_id(std::string_view id) {
  if (id.size() == 3 && id.starts_with("CC")) return id[2] >= '1' && id[2] <= '4';
  if (!id.starts_with("SERVICE")) return false;
  const std::string_view digits = id.substr(7);
  if (digits.empty() || digits.size() > 2 || digits.front() == '0') return false;
  int number = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return false;
    number = number * 10 + (c - '0');
  }
  return number >= 1 && number <= 63;
}

void check_media_type_rules(Walk& walk, uint32_t line, std::string_view type,
                            const AttributeList& media) {
  const auto instream = media.get_string("INSTREAM-ID");
  if (type == "CLOSED-CAPTIONS") {
    if (media.contains("URI")) {
      walk.report(line, Rule::kMediaAttributes,
                  "EXT-X-MEDIA TYPE=CLOSED-CAPTIONS must not have a URI");
    }
    if (!media.contains("INSTREAM-ID")) {
      walk.report(line, Rule::kMediaAttributes,
                  "EXT-X-MEDIA TYPE=CLOSED-CAPTIONS needs INSTREAM-ID");
    } else if (instream && !is_instream_id(*instream)) {
      walk.report(line, Rule::kMediaAttributes,
                  concat("EXT-X-MEDIA INSTREAM-ID=\"", *instream,
                         "\" is none of CC1-CC4 or SERVICE1-SERVICE63"));
    }
  } else if (instream && !only_chars(*instream, kInstreamIdChars)) {
    walk.report(line, Rule::kMediaAttributes,
                concat("EXT-X-MEDIA INSTREAM-ID=\"", *instream,
                       "\" may use only A-Z, a-z, 0-9 and '.' for TYPE=", type));
  }
  if (type == "SUBTITLES" && !media.contains("URI")) {
    walk.report(line, Rule::kMediaAttributes, "EXT-X-MEDIA TYPE=SUBTITLES needs a URI");
  }
  if (media.contains("FORCED") && type != "SUBTITLES") {
    walk.report(line, Rule::kMediaAttributes,
                concat("EXT-X-MEDIA FORCED goes only with TYPE=SUBTITLES, not ", type));
  }
  for (const std::string_view name : {"CHANNELS", "BIT-DEPTH", "SAMPLE-RATE"}) {
    if (media.contains(name) && type != "AUDIO") {
      walk.report(line, Rule::kMediaAttributes,
                  concat("EXT-X-MEDIA ", name, " goes only with TYPE=AUDIO, not ", type));
    }
  }
  const auto autoselect = media.get_enum("AUTOSELECT");
  if (media.get_enum("DEFAULT") == "YES" && autoselect && *autoselect != "YES") {
    walk.report(line, Rule::kMediaAttributes,
                "EXT-X-MEDIA with DEFAULT=YES must have AUTOSELECT=YES");
  }
}

void check_media(Walk& walk, uint32_t line, const AttributeList& media) {
  walk.need_version(line, media_version(media));
  check_stable_id(walk, line, "EXT-X-MEDIA", media, "STABLE-RENDITION-ID");
  const auto type = media.get_enum("TYPE");
  if (!type) return;
  check_media_type_rules(walk, line, *type, media);
  const auto group_id = media.get_string("GROUP-ID");
  if (!group_id) return;
  RenditionGroup& group =
      walk.master.groups[std::make_pair(std::string(*type), std::string(*group_id))];
  if (const auto name = media.get_string("NAME"); name && !group.names.emplace(*name).second) {
    walk.report(line, Rule::kMediaAttributes,
                concat("EXT-X-MEDIA NAME=\"", *name, "\" is already used in ", *type, " group \"",
                       *group_id, "\""));
  }
  if (media.get_enum("DEFAULT") == "YES") {
    if (group.default_line != 0) {
      walk.report(line, Rule::kMediaAttributes,
                  concat(*type, " group \"", *group_id,
                         "\" has a second DEFAULT=YES member (the first is on line ",
                         group.default_line, ")"));
    } else {
      group.default_line = line;
    }
  }
}

void check_variant(Walk& walk, uint32_t line, std::string_view tag, const AttributeList& variant,
                   bool stream) {
  MasterWalk& master = walk.master;
  check_stable_id(walk, line, tag, variant, "STABLE-VARIANT-ID");
  if (variant.contains("PROGRAM-ID")) {
    walk.use_removed(line, "the PROGRAM-ID attribute of a variant", kProgramIdRemovedIn);
  }
  for (const std::string_view attribute : {"AUDIO", "VIDEO", "SUBTITLES", "CLOSED-CAPTIONS"}) {
    if (!stream && attribute != "VIDEO") continue;  // I-frame variants have only VIDEO
    if (const auto group = variant.get_string(attribute)) {
      master.references.push_back({line, tag, attribute, std::string(*group)});
    }
  }
  if (stream) {
    if (variant.get_enum("CLOSED-CAPTIONS") == "NONE") {
      if (master.closed_captions_none_line == 0) master.closed_captions_none_line = line;
    } else {
      master.closed_captions_other_lines.push_back(line);
    }
  }
  if (const auto pathway = variant.get_string("PATHWAY-ID")) {
    master.pathways.emplace(*pathway);
    master.pathway_lines.push_back(line);
  } else {
    master.pathways.emplace(".");
  }
}

void check_session_data(Walk& walk, uint32_t line, const AttributeList& data) {
  check_exactly_one(walk, line, "EXT-X-SESSION-DATA", data, {"VALUE", "URI"});
  const auto id = data.get_string("DATA-ID");
  if (!id) return;
  const std::string language(data.get_string("LANGUAGE").value_or(""));
  if (!walk.master.session_data.emplace(std::string(*id), language).second) {
    walk.report(line, Rule::kDuplicateTag,
                concat("EXT-X-SESSION-DATA DATA-ID=\"", *id, "\" appears again with the same ",
                       language.empty() ? "(absent) LANGUAGE" : "LANGUAGE"));
  }
}

}  // namespace

void check_master_tag(Walk& walk, const Line& line, const TagInfo& tag, const AttributeList* list) {
  MasterWalk& master = walk.master;
  const uint32_t number = line.number;
  if (tag.id == TagId::kStreamInf) {
    if (master.stream_inf_line != 0) {
      walk.report(master.stream_inf_line, Rule::kTagWithoutUri,
                  concat("EXT-X-STREAM-INF is not followed by a URI line (another "
                         "EXT-X-STREAM-INF on line ",
                         number, " comes first)"));
    }
    master.stream_inf_line = number;
  }
  if (list == nullptr) return;
  switch (tag.id) {
    case TagId::kStreamInf:
      check_variant(walk, number, "EXT-X-STREAM-INF", *list, true);
      return;
    case TagId::kIFrameStreamInf:
      check_variant(walk, number, "EXT-X-I-FRAME-STREAM-INF", *list, false);
      return;
    case TagId::kMedia:
      check_media(walk, number, *list);
      return;
    case TagId::kSessionData:
      check_session_data(walk, number, *list);
      return;
    case TagId::kSessionKey:
      check_key(walk, number, "EXT-X-SESSION-KEY", *list);
      if (list->get_enum("METHOD") == "NONE") {
        walk.report(number, Rule::kKeyAttributes, "EXT-X-SESSION-KEY METHOD must not be NONE");
      }
      return;
    case TagId::kContentSteering:
      if (master.steering_line == 0) {
        master.steering_line = number;
        if (const auto pathway = list->get_string("PATHWAY-ID")) {
          master.steering_pathway = std::string(*pathway);
        }
      }
      return;
    default:
      return;
  }
}

void check_variant_uri(Walk& walk) {
  walk.master.stream_inf_line = 0;
}

void finish_master(Walk& walk) {
  MasterWalk& master = walk.master;
  if (master.stream_inf_line != 0) {
    walk.report(master.stream_inf_line, Rule::kTagWithoutUri,
                "EXT-X-STREAM-INF is not followed by a URI line");
  }
  for (const GroupReference& reference : master.references) {
    if (master.groups.contains({std::string(reference.attribute), reference.group})) continue;
    walk.report(reference.line, Rule::kStreamInfAttributes,
                concat(reference.tag, " ", reference.attribute, "=\"", reference.group,
                       "\" names no EXT-X-MEDIA group with TYPE=", reference.attribute));
  }
  if (master.closed_captions_none_line != 0) {
    for (const uint32_t line : master.closed_captions_other_lines) {
      walk.report(line, Rule::kStreamInfAttributes,
                  concat("EXT-X-STREAM-INF lacks CLOSED-CAPTIONS=NONE, which line ",
                         master.closed_captions_none_line, " gives, so every variant must"));
    }
  }
  if (master.steering_line == 0) {
    for (const uint32_t line : master.pathway_lines) {
      walk.report(line, Rule::kContentSteering,
                  "PATHWAY-ID on a variant of a playlist without EXT-X-CONTENT-STEERING");
    }
  } else if (master.steering_pathway && !master.pathways.contains(*master.steering_pathway)) {
    walk.report(master.steering_line, Rule::kContentSteering,
                concat("EXT-X-CONTENT-STEERING PATHWAY-ID=\"", *master.steering_pathway,
                       "\" is the pathway of no variant"));
  }
}

}  // namespace manifest
