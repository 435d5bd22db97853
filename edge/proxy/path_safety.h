// The route step's guard: decides from the request-target alone whether a request may go
// further, and where (content under a served prefix, or the admin prefix). Anything an origin
// or a later cache key could read two ways is refused here, before it reaches either.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <string_view>

namespace edge::proxy {

// Why a target was refused (400), as the `reason` label names it.
enum class PathRejection : uint8_t {
  kAbsoluteForm,      // "absolute_form": scheme://authority/... instead of a path
  kNotOriginForm,     // "not_origin_form": anything else not starting with '/' (*, authority)
  kBadByte,           // "bad_byte": control character, space, DEL or non-ASCII byte
  kNul,               // "nul": a raw NUL byte
  kBackslash,         // "backslash": some servers read it as '/'
  kBadPercent,        // "bad_percent": '%' not followed by two hex digits
  kEncodedDot,        // "encoded_dot": %2e, a dot segment in disguise
  kEncodedSlash,      // "encoded_slash": %2f, a segment boundary in disguise
  kEncodedBackslash,  // "encoded_backslash": %5c
  kEncodedNul,        // "encoded_nul": %00
  kEncodedControl,    // "encoded_control": %01-%1f or %7f
  kEncodedPercent,    // "encoded_percent": %25, double encoding that a second decode unwraps
  kDotSegment,        // "dot_segment": a "." or ".." segment
  kEmptySegment,      // "empty_segment": "//", which servers collapse differently
  kOutsidePrefix,     // "outside_prefix": neither under a served prefix nor the admin prefix
  kNoVideo,           // "no_video": a served prefix with no video segment after it
};
inline constexpr size_t kPathRejectionCount = 16;
std::string_view to_label(PathRejection reason);

struct Route {
  enum class Kind : uint8_t { kContent, kAdmin };
  Kind kind = Kind::kContent;
  std::string_view prefix;  // the served or admin prefix that matched (a view of the config)
  std::string_view video;   // content only: the segment after the prefix (a view of the target)
};

// Checks `target` (path and query as received) and routes it. `prefixes` and `admin_prefix`
// start and end with '/'. The query is only checked for bytes; percent and segment rules
// apply to the path, the part an origin maps to a file.
std::expected<Route, PathRejection> route_target(std::string_view target,
                                                 std::span<const std::string> prefixes,
                                                 std::string_view admin_prefix);

}  // namespace edge::proxy
