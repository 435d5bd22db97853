// CMCD parsing: the list is split on commas outside quoted strings, then each entry is typed
// by the shape of its value. Nothing here can fail loudly: a bad entry is just left out.
#include "edge/proxy/cmcd.h"

#include <algorithm>
#include <array>
#include <optional>

#include "core/http/headers.h"
#include "core/http/query_param.h"

namespace edge::proxy {
namespace {

constexpr std::array<std::string_view, 4> kHeaders = {"cmcd-request", "cmcd-object", "cmcd-status",
                                                      "cmcd-session"};

bool key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_';
}

bool token_char(char c) {
  return key_char(c) || c == '/' || c == ':' || c == '+' || c == '*';
}

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// A quoted string with \" and \\ escapes, or nullopt.
std::optional<std::string> unquote(std::string_view text) {
  if (text.size() < 2 || text.front() != '"' || text.back() != '"') return std::nullopt;
  std::string out;
  for (size_t i = 1; i + 1 < text.size(); ++i) {
    char c = text[i];
    if (c == '\\') {
      if (i + 2 >= text.size()) return std::nullopt;
      c = text[++i];
    } else if (c == '"') {
      return std::nullopt;
    }
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return std::nullopt;
    out.push_back(c);
  }
  return out;
}

std::optional<CmcdValue> parse_value(std::string_view text) {
  if (text.starts_with('"')) {
    auto s = unquote(text);
    if (!s) return std::nullopt;
    return CmcdValue{CmcdValue::Type::kString, std::move(*s)};
  }
  const std::string_view unsigned_part = text.starts_with('-') ? text.substr(1) : text;
  if (all_digits(unsigned_part)) return CmcdValue{CmcdValue::Type::kInteger, std::string(text)};
  const size_t dot = unsigned_part.find('.');
  if (dot != std::string_view::npos && all_digits(unsigned_part.substr(0, dot)) &&
      all_digits(unsigned_part.substr(dot + 1))) {
    return CmcdValue{CmcdValue::Type::kDecimal, std::string(text)};
  }
  if (text.empty()) return std::nullopt;
  for (char c : text) {
    if (!token_char(c)) return std::nullopt;
  }
  return CmcdValue{CmcdValue::Type::kToken, std::string(text)};
}

void add_entry(std::string_view entry, CmcdKeys& keys) {
  entry = core::http::trim_ows(entry);
  if (entry.empty()) return;
  const size_t equals = entry.find('=');
  const std::string_view key = entry.substr(0, equals);
  if (key.empty() || key.size() > kMaxCmcdKeySize) return;
  for (char c : key) {
    if (!key_char(c)) return;
  }
  std::optional<CmcdValue> value;
  if (equals == std::string_view::npos) {
    value = CmcdValue{CmcdValue::Type::kBoolean, "true"};
  } else {
    const std::string_view text = entry.substr(equals + 1);
    if (text.size() > kMaxCmcdValueSize) return;
    value = parse_value(text);
  }
  if (!value) return;
  if (keys.size() >= kMaxCmcdKeys && !keys.contains(key)) return;
  keys.insert_or_assign(std::string(key), std::move(*value));
}

}  // namespace

void parse_cmcd_list(std::string_view text, CmcdKeys& keys) {
  size_t start = 0;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted && c == '\\') {
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      add_entry(text.substr(start, i - start), keys);
      start = i + 1;
    }
  }
  if (start <= text.size()) add_entry(text.substr(start), keys);
}

std::string cmcd_query_value(std::string_view query) {
  return core::http::query_param(query, "CMCD").value_or("");
}

CmcdKeys parse_cmcd(const core::http::Request& request) {
  CmcdKeys keys;
  // Every request comes here and few carry a CMCD header: one pass over the (lower-case) names
  // to tell, before the four lookups.
  const bool has_header = std::ranges::any_of(
      request.headers.items(), [](const auto& header) { return header.name.starts_with("cmcd-"); });
  if (has_header) {
    for (std::string_view name : kHeaders) {
      if (auto value = request.headers.get_combined(name)) parse_cmcd_list(*value, keys);
    }
  }
  const std::string query_value = cmcd_query_value(request.query());
  if (!query_value.empty()) parse_cmcd_list(query_value, keys);
  return keys;
}

}  // namespace edge::proxy
