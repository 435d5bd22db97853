// Variable substitution (RFC 8216bis sections 4.3 and 4.4.2.3): EXT-X-DEFINE and the {$name}
// references in URI lines and quoted-string values, each of which needs a definition.
#include "manifest/validate_walk.h"

namespace manifest {
namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

bool is_variable_name(std::string_view name) {
  if (name.empty()) return false;
  for (const char c : name) {
    if (!is_name_char(c)) return false;
  }
  return true;
}

// One report per name and line, however often the line repeats the reference.
bool already_unresolved(const Walk& walk, uint32_t line, std::string_view name) {
  for (auto it = walk.unresolved_references.rbegin();
       it != walk.unresolved_references.rend() && it->first == line; ++it) {
    if (it->second == name) return true;
  }
  return false;
}

}  // namespace

void check_references(Walk& walk, uint32_t line, std::string_view text) {
  size_t pos = 0;
  while ((pos = text.find("{$", pos)) != std::string_view::npos) {
    const size_t start = pos + 2;
    size_t end = start;
    while (end < text.size() && is_name_char(text[end]))
      ++end;
    pos = start;
    // "{$" not followed by a name and '}' is not a reference; it stays literal text.
    if (end == start || end >= text.size() || text[end] != '}') continue;
    const std::string_view name = text.substr(start, end - start);
    walk.need_version(line, variable_reference_version());
    if (!walk.variables.contains(name) && !already_unresolved(walk, line, name)) {
      walk.unresolved_references.emplace_back(line, name);
    }
    pos = end + 1;
  }
}

void check_list_references(Walk& walk, uint32_t line, const AttributeList& list) {
  for (const Attribute& attribute : list.items()) {
    if (attribute.value.type == AttributeType::kQuotedString) {
      check_references(walk, line, attribute.value.text);
    }
  }
}

void check_define(Walk& walk, uint32_t line, const AttributeList& define) {
  walk.need_version(line, define_version(define));
  check_exactly_one(walk, line, "EXT-X-DEFINE", define, {"NAME", "IMPORT", "QUERYPARAM"});
  if (define.contains("NAME") && !define.contains("VALUE")) {
    walk.report(line, Rule::kMissingAttribute, "EXT-X-DEFINE with NAME lacks VALUE");
  }
  if (!define.contains("NAME") && define.contains("VALUE")) {
    walk.report(line, Rule::kExclusiveAttributes,
                "EXT-X-DEFINE VALUE goes only with NAME, not with IMPORT or QUERYPARAM");
  }
  for (const std::string_view attribute : {"NAME", "IMPORT", "QUERYPARAM"}) {
    const auto name = define.get_string(attribute);
    if (!name) continue;
    if (!is_variable_name(*name)) {
      walk.report(line, Rule::kBadAttributeType,
                  concat("EXT-X-DEFINE ", attribute, "=\"", *name,
                         "\" may use only the characters a-z, A-Z, 0-9, '-' and '_'"));
      continue;
    }
    if (attribute == "IMPORT") walk.imports.emplace_back(line, *name);
    if (!walk.variables.emplace(*name).second) {
      walk.report(line, Rule::kDuplicateTag,
                  concat("EXT-X-DEFINE defines the variable '", *name, "' a second time"));
    }
  }
}

void finish_variables(Walk& walk) {
  if (walk.kind == PlaylistKind::kMaster) {
    for (const auto& [line, name] : walk.imports) {
      walk.report(line, Rule::kUndefinedVariable,
                  concat("EXT-X-DEFINE IMPORT=\"", name,
                         "\" in a master playlist: there is no playlist to import from"));
    }
  }
  for (const auto& [line, name] : walk.unresolved_references) {
    if (walk.variables.contains(name)) continue;
    walk.report(line, Rule::kUndefinedVariable,
                concat("{$", name, "} is used but no EXT-X-DEFINE defines '", name,
                       "' (by NAME, IMPORT or QUERYPARAM)"));
  }
}

}  // namespace manifest
