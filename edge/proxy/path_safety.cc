// route_target: one pass over the bytes, one over the segments, then the prefixes. Refusing
// rather than normalising: a player never sends these forms, so whoever does is probing.
#include "edge/proxy/path_safety.h"

#include <optional>

namespace edge::proxy {
namespace {

std::optional<int> hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return std::nullopt;
}

bool looks_absolute(std::string_view target) {
  const size_t colon = target.find("://");
  if (colon == std::string_view::npos || colon == 0) return false;
  for (char c : target.substr(0, colon)) {
    const bool scheme_char = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                             (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
    if (!scheme_char) return false;
  }
  return true;
}

std::optional<PathRejection> check_bytes(std::string_view target) {
  for (char ch : target) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == 0) return PathRejection::kNul;
    if (c <= 0x20 || c >= 0x7f) return PathRejection::kBadByte;
  }
  return std::nullopt;
}

std::optional<PathRejection> check_escapes(std::string_view path) {
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '\\') return PathRejection::kBackslash;
    if (path[i] != '%') continue;
    if (i + 2 >= path.size()) return PathRejection::kBadPercent;
    const auto high = hex_value(path[i + 1]);
    const auto low = hex_value(path[i + 2]);
    if (!high || !low) return PathRejection::kBadPercent;
    const int byte = *high * 16 + *low;
    if (byte == '.') return PathRejection::kEncodedDot;
    if (byte == '/') return PathRejection::kEncodedSlash;
    if (byte == '\\') return PathRejection::kEncodedBackslash;
    if (byte == 0) return PathRejection::kEncodedNul;
    if (byte < 0x20 || byte == 0x7f) return PathRejection::kEncodedControl;
    if (byte == '%') return PathRejection::kEncodedPercent;
    i += 2;
  }
  return std::nullopt;
}

// Segments after the leading '/': no "." or "..", no empty one except a trailing slash.
std::optional<PathRejection> check_segments(std::string_view path) {
  std::string_view rest = path.substr(1);
  while (true) {
    const size_t slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    if (segment == "." || segment == "..") return PathRejection::kDotSegment;
    if (slash == std::string_view::npos) return std::nullopt;
    if (segment.empty()) return PathRejection::kEmptySegment;
    rest.remove_prefix(slash + 1);
  }
}

}  // namespace

std::string_view to_label(PathRejection reason) {
  switch (reason) {
    case PathRejection::kAbsoluteForm:
      return "absolute_form";
    case PathRejection::kNotOriginForm:
      return "not_origin_form";
    case PathRejection::kBadByte:
      return "bad_byte";
    case PathRejection::kNul:
      return "nul";
    case PathRejection::kBackslash:
      return "backslash";
    case PathRejection::kBadPercent:
      return "bad_percent";
    case PathRejection::kEncodedDot:
      return "encoded_dot";
    case PathRejection::kEncodedSlash:
      return "encoded_slash";
    case PathRejection::kEncodedBackslash:
      return "encoded_backslash";
    case PathRejection::kEncodedNul:
      return "encoded_nul";
    case PathRejection::kEncodedControl:
      return "encoded_control";
    case PathRejection::kEncodedPercent:
      return "encoded_percent";
    case PathRejection::kDotSegment:
      return "dot_segment";
    case PathRejection::kEmptySegment:
      return "empty_segment";
    case PathRejection::kOutsidePrefix:
      return "outside_prefix";
    case PathRejection::kNoVideo:
      return "no_video";
  }
  return "bad_byte";
}

std::expected<Route, PathRejection> route_target(std::string_view target,
                                                 std::span<const std::string> prefixes,
                                                 std::string_view admin_prefix) {
  if (auto bad = check_bytes(target)) return std::unexpected(*bad);
  if (!target.starts_with('/')) {
    return std::unexpected(looks_absolute(target) ? PathRejection::kAbsoluteForm
                                                  : PathRejection::kNotOriginForm);
  }
  const std::string_view path = target.substr(0, target.find('?'));
  if (auto bad = check_escapes(path)) return std::unexpected(*bad);
  if (auto bad = check_segments(path)) return std::unexpected(*bad);

  if (!admin_prefix.empty() && path.starts_with(admin_prefix)) {
    return Route{Route::Kind::kAdmin, admin_prefix, {}};
  }
  for (const std::string& prefix : prefixes) {
    if (!path.starts_with(prefix)) continue;
    const std::string_view after = path.substr(prefix.size());
    const std::string_view video = after.substr(0, after.find('/'));
    if (video.empty()) return std::unexpected(PathRejection::kNoVideo);
    return Route{Route::Kind::kContent, prefix, video};
  }
  return std::unexpected(PathRejection::kOutsidePrefix);
}

}  // namespace edge::proxy
