// cache_key: one canonical spelling per resource, so that equivalent targets share an entry and
// parameters the origin does not vary on (CMCD, session ids, cache busters) never split it.
#include "edge/cache/cache_key.h"

#include <algorithm>
#include <utility>

namespace edge::cache {
namespace {

constexpr std::string_view kHex = "0123456789ABCDEF";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool unreserved(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

void append_escape(std::string& out, unsigned char byte) {
  out.push_back('%');
  out.push_back(kHex[byte >> 4]);
  out.push_back(kHex[byte & 0xF]);
}

// Decodes escapes of unreserved characters and upper-cases the others; nullopt on a bad escape
// or a byte outside printable ASCII (space excluded).
std::optional<std::string> normalise(std::string_view text) {
  // Most targets hold no escape: the bytes up to the first odd one are copied as they are.
  const auto plain = [](char c) { return c > ' ' && c < 0x7F && c != '%'; };
  const auto first_odd = std::find_if_not(text.begin(), text.end(), plain);
  std::string out(text.begin(), first_odd);
  if (first_odd == text.end()) return out;
  out.reserve(text.size());
  for (size_t i = static_cast<size_t>(first_odd - text.begin()); i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      const auto byte = static_cast<unsigned char>(high * 16 + low);
      if (unreserved(static_cast<char>(byte))) {
        out.push_back(static_cast<char>(byte));
      } else {
        append_escape(out, byte);
      }
      i += 2;
    } else if (c > ' ' && c < 0x7F) {
      out.push_back(c);
    } else {
      return std::nullopt;
    }
  }
  return out;
}

bool has_dot_segment(std::string_view path) {
  while (!path.empty()) {
    const size_t slash = path.find('/');
    const std::string_view segment = path.substr(0, slash);
    if (segment == "." || segment == "..") return true;
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return false;
}

// The kept parameters as "?name=value&...", sorted; nullopt when a kept one is malformed.
std::optional<std::string> kept_query(std::string_view query, const KeyRules& rules) {
  std::vector<std::pair<std::string, std::string>> kept;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view param = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (param.empty()) continue;
    const size_t equals = param.find('=');
    auto name = normalise(param.substr(0, equals));
    if (!name) return std::nullopt;
    if (std::find(rules.query_keys.begin(), rules.query_keys.end(), *name) ==
        rules.query_keys.end()) {
      continue;
    }
    auto value =
        normalise(equals == std::string_view::npos ? std::string_view() : param.substr(equals + 1));
    if (!value) return std::nullopt;
    kept.emplace_back(std::move(*name), std::move(*value));
  }
  std::sort(kept.begin(), kept.end());
  std::string out;
  for (const auto& [name, value] : kept) {
    out.push_back(out.empty() ? '?' : '&');
    out.append(name).append("=").append(value);
  }
  return out;
}

// Every line of the header joined, elements trimmed and lower-cased, odd bytes escaped.
void append_vary_value(std::string& key, const core::http::Headers& headers,
                       std::string_view name) {
  const auto combined = headers.get_combined(name);
  if (!combined) return;
  std::string_view rest = *combined;
  bool first = true;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    std::string_view element = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    while (!element.empty() && (element.front() == ' ' || element.front() == '\t')) {
      element.remove_prefix(1);
    }
    while (!element.empty() && (element.back() == ' ' || element.back() == '\t')) {
      element.remove_suffix(1);
    }
    if (element.empty()) continue;
    if (!first) key.push_back(',');
    first = false;
    for (char c : element) {
      const auto byte = static_cast<unsigned char>(c);
      if (byte < 0x20 || byte >= 0x7F || c == '%') {
        append_escape(key, byte);
      } else {
        key.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
      }
    }
  }
}

}  // namespace

std::optional<std::string> cache_key(const core::http::Request& request, const KeyRules& rules) {
  const std::string_view path = request.path();
  if (path.empty() || path.front() != '/') return std::nullopt;
  auto key = normalise(path);
  if (!key || has_dot_segment(*key)) return std::nullopt;
  auto query = kept_query(request.query(), rules);
  if (!query) return std::nullopt;
  key->append(*query);
  for (const std::string& name : rules.vary_headers) {
    key->push_back('\n');
    append_vary_value(*key, request.headers, name);
  }
  return key;
}

std::string_view key_path(std::string_view key) {
  return key.substr(0, key.find_first_of("?\n"));
}

}  // namespace edge::cache
