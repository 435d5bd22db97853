// Variable substitution (RFC 8216bis section 4.4.2.3): EXT-X-DEFINE values replace {$name}
// references in URI lines and quoted-string attributes. The playlist changes only when every
// reference resolves, so a failed substitution leaves it as it was.
#include <algorithm>
#include <cstddef>
#include <expected>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "manifest/rewrite.h"
#include "manifest/rewrite_uri.h"

namespace manifest {
namespace {

using Variables = std::map<std::string, std::string, std::less<>>;

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

bool is_name(std::string_view name) {
  return !name.empty() && std::ranges::all_of(name, is_name_char);
}

// A value is pasted into URI lines and quoted-strings as it is: a line break or a quote in
// it (from a crafted query string) would inject tags into the playlist.
bool is_safe_value(std::string_view value) {
  return std::ranges::none_of(value, [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f || c == '"';
  });
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decoding; a '%' not followed by two hex digits stays as written.
std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 &&
        hex_digit(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// The value of the first query parameter named `name` in `url`.
std::optional<std::string> query_parameter(std::string_view url, std::string_view name) {
  std::optional<std::string_view> query = split_uri(url).query;
  if (!query) return std::nullopt;
  while (true) {
    const size_t amp = query->find('&');
    const std::string_view pair = query->substr(0, amp);
    const size_t equals = pair.find('=');
    if (percent_decode(pair.substr(0, equals)) == name) {
      return equals == std::string_view::npos ? std::string()
                                              : percent_decode(pair.substr(equals + 1));
    }
    if (amp == std::string_view::npos) return std::nullopt;
    query->remove_prefix(amp + 1);
  }
}

// The variables of one playlist. `imports` is null for a multivariant playlist, where
// IMPORT is not allowed.
std::expected<Variables, VariableError> define_variables(const std::vector<AttributeList>& defines,
                                                         const Variables* imports,
                                                         std::string_view url) {
  Variables variables;
  for (const AttributeList& define : defines) {
    const std::optional<std::string_view> name = define.get_string("NAME");
    const std::optional<std::string_view> imported = define.get_string("IMPORT");
    const std::optional<std::string_view> parameter = define.get_string("QUERYPARAM");
    const int forms =
        int{name.has_value()} + int{imported.has_value()} + int{parameter.has_value()};
    if (forms != 1) return std::unexpected(VariableError::kBadDefine);
    const std::string_view key = name ? *name : imported ? *imported : *parameter;
    if (!is_name(key) || variables.contains(key)) {
      return std::unexpected(VariableError::kBadDefine);
    }
    std::string value;
    if (name) {
      const std::optional<std::string_view> text = define.get_string("VALUE");
      if (!text) return std::unexpected(VariableError::kBadDefine);
      value = *text;
    } else if (imported) {
      if (imports == nullptr) return std::unexpected(VariableError::kBadDefine);
      const auto found = imports->find(key);
      if (found == imports->end()) return std::unexpected(VariableError::kMissingImport);
      value = found->second;
    } else {
      std::optional<std::string> found = query_parameter(url, key);
      if (!found) return std::unexpected(VariableError::kMissingQueryParam);
      value = std::move(*found);
    }
    if (!is_safe_value(value)) return std::unexpected(VariableError::kBadValue);
    variables.emplace(key, std::move(value));
  }
  return variables;
}

// Collects every replacement first and applies them only when all succeeded.
class Substitution {
 public:
  Substitution(const Variables& variables, size_t max_length)
      : variables_(variables), max_length_(max_length) {}

  void uri(std::string& text) {
    if (std::optional<std::string> out = substitute(text)) uri_edits_.emplace_back(&text, *out);
  }

  void uri(std::pmr::string& text) {
    if (std::optional<std::string> out = substitute(text)) {
      segment_uri_edits_.emplace_back(&text, *out);
    }
  }

  void attributes(AttributeList& list) {
    for (const Attribute& attribute : list.items()) {
      if (attribute.value.type != AttributeType::kQuotedString) continue;
      if (std::optional<std::string> out = substitute(attribute.value.text)) {
        attribute_edits_.push_back({&list, attribute.name, std::move(*out)});
      }
    }
  }

  void attributes(std::optional<AttributeList>& list) {
    if (list) attributes(*list);
  }

  void attributes(std::vector<AttributeList>& lists) {
    for (AttributeList& list : lists)
      attributes(list);
  }

  std::expected<void, VariableError> commit() {
    if (error_) return std::unexpected(*error_);
    for (auto& [target, text] : uri_edits_)
      *target = std::move(text);
    for (auto& [target, text] : segment_uri_edits_)
      *target = text;
    for (AttributeEdit& edit : attribute_edits_) {
      edit.list->set(edit.name, AttributeValue::string_value(std::move(edit.value)));
    }
    return {};
  }

 private:
  struct AttributeEdit {
    AttributeList* list;
    std::string name;
    std::string value;
  };

  // The text with its references replaced, or nullopt when it has none or on error. One
  // pass: a value that itself holds "{$x}" is copied, not expanded.
  std::optional<std::string> substitute(std::string_view text) {
    if (error_ || text.find("{$") == std::string_view::npos) return std::nullopt;
    std::string out;
    size_t pos = 0;
    while (pos < text.size()) {
      const size_t open = text.find("{$", pos);
      // Scanning only name characters keeps the pass linear on "{${${$..." input.
      size_t close = open == std::string_view::npos ? open : open + 2;
      while (close < text.size() && is_name_char(text[close]))
        ++close;
      if (open == std::string_view::npos || close == open + 2 || close == text.size() ||
          text[close] != '}') {
        // Not a reference ("{$" alone, or "{$a b}"): copy up to past the "{$" and go on.
        const size_t end = open == std::string_view::npos ? text.size() : open + 2;
        if (!append(out, text.substr(pos, end - pos))) return std::nullopt;
        pos = end;
        continue;
      }
      const std::string_view name = text.substr(open + 2, close - open - 2);
      const auto found = variables_.find(name);
      if (found == variables_.end()) return fail(VariableError::kUndefined);
      if (!append(out, text.substr(pos, open - pos)) || !append(out, found->second)) {
        return std::nullopt;
      }
      pos = close + 1;
    }
    return out;
  }

  bool append(std::string& out, std::string_view piece) {
    if (piece.size() > max_length_ - out.size()) {
      fail(VariableError::kTooLong);
      return false;
    }
    out += piece;
    return true;
  }

  std::nullopt_t fail(VariableError error) {
    error_ = error;
    return std::nullopt;
  }

  const Variables& variables_;
  size_t max_length_;
  std::optional<VariableError> error_;
  std::vector<std::pair<std::string*, std::string>> uri_edits_;
  std::vector<std::pair<std::pmr::string*, std::string>> segment_uri_edits_;
  std::vector<AttributeEdit> attribute_edits_;
};

void substitute_segment(MediaSegment& segment, Substitution& substitution) {
  if (segment.map) substitution.attributes(*segment.map);
  if (!segment.details) return;
  substitution.attributes(segment.details->keys);
  substitution.attributes(segment.details->date_ranges);
  substitution.attributes(segment.details->parts);
}

}  // namespace

std::expected<void, VariableError> substitute_variables(MediaPlaylist& playlist,
                                                        const Variables& imports,
                                                        std::string_view playlist_url,
                                                        size_t max_length) {
  const std::expected<Variables, VariableError> variables =
      define_variables(playlist.defines, &imports, playlist_url);
  if (!variables) return std::unexpected(variables.error());
  Substitution substitution(*variables, max_length);
  substitution.attributes(playlist.start);
  substitution.attributes(playlist.part_inf);
  substitution.attributes(playlist.server_control);
  substitution.attributes(playlist.skip);
  for (MediaSegment& segment : playlist.segments) {
    substitute_segment(segment, substitution);
    substitution.uri(segment.uri);
  }
  if (playlist.open_segment) substitute_segment(*playlist.open_segment, substitution);
  substitution.attributes(playlist.preload_hints);
  substitution.attributes(playlist.rendition_reports);
  return substitution.commit();
}

std::expected<void, VariableError> substitute_variables(MasterPlaylist& playlist,
                                                        std::string_view playlist_url,
                                                        size_t max_length) {
  const std::expected<Variables, VariableError> variables =
      master_variables(playlist, playlist_url);
  if (!variables) return std::unexpected(variables.error());
  Substitution substitution(*variables, max_length);
  substitution.attributes(playlist.start);
  substitution.attributes(playlist.session_data);
  substitution.attributes(playlist.session_keys);
  substitution.attributes(playlist.content_steering);
  substitution.attributes(playlist.media);
  for (Variant& variant : playlist.variants) {
    substitution.attributes(variant.attributes);
    substitution.uri(variant.uri);
  }
  substitution.attributes(playlist.i_frame_variants);
  return substitution.commit();
}

std::expected<Variables, VariableError> master_variables(const MasterPlaylist& playlist,
                                                         std::string_view playlist_url) {
  return define_variables(playlist.defines, nullptr, playlist_url);
}

std::string_view to_string(VariableError error) {
  switch (error) {
    case VariableError::kUndefined:
      return "reference to an undefined variable";
    case VariableError::kTooLong:
      return "substituted text exceeds the length limit";
    case VariableError::kBadDefine:
      return "malformed or duplicate EXT-X-DEFINE";
    case VariableError::kMissingImport:
      return "IMPORT of a variable the multivariant playlist does not define";
    case VariableError::kMissingQueryParam:
      return "QUERYPARAM absent from the playlist URL";
    case VariableError::kBadValue:
      return "variable value with a control character or double quote";
  }
  return "unknown variable error";
}

}  // namespace manifest
