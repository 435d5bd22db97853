// Range requests on the way to the origin (RFC 9110 14.2): a single byte range (first-last,
// first-, or a suffix -n) passes unchanged with its If-Range, and the origin's 206 or 416 is
// relayed. A multi-range request is stripped to a plain GET so the viewer gets the full 200:
// a multipart answer lets a small request make the edge send many overlapping copies of an
// object. An invalid Range is stripped too (RFC 9110 says to ignore it).
#pragma once

#include <cstdint>
#include <string_view>

#include "core/http/headers.h"

namespace edge::proxy {

enum class RangeKind : uint8_t {
  kNone,      // no Range field
  kSingle,    // one valid byte range
  kMultiple,  // more than one range: forwarded without Range
  kInvalid,   // not a bytes range-set, or several Range fields: forwarded without Range
};
std::string_view to_label(RangeKind kind);  // "none", "single", "multiple", "invalid"

// What the request's Range field asks for.
RangeKind classify_range(const core::http::Headers& headers);

// Removes Range and If-Range (which means nothing without Range) unless the request is a
// single valid range; returns what the Range field was.
RangeKind rewrite_range(core::http::Headers& headers);

}  // namespace edge::proxy
