// Range requests on the way to the origin (RFC 9110 14.2): a single byte range (first-last,
// first-, or a suffix -n) passes unchanged with its If-Range, and the origin's 206 or 416 is
// relayed. A multi-range request is stripped to a plain GET so the viewer gets the full 200:
// a multipart answer lets a small request make the edge send many overlapping copies of an
// object. An invalid Range is stripped too (RFC 9110 says to ignore it).
#pragma once

#include <cstdint>
#include <optional>
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

// One byte range as asked: first-last, first- (last absent) or a suffix -n (first absent).
struct RangeSpec {
  std::optional<uint64_t> first;
  std::optional<uint64_t> last;  // the suffix length when `first` is absent
};
// The range of a request whose Range field is kSingle; nullopt otherwise.
std::optional<RangeSpec> single_range(const core::http::Headers& headers);

// The bytes [first, last] of a representation of `length` bytes that `spec` selects, clipped
// to its end; nullopt when unsatisfiable (416).
struct ByteSpan {
  uint64_t first = 0;
  uint64_t last = 0;
};
std::optional<ByteSpan> resolve_range(const RangeSpec& spec, uint64_t length);

// Removes Range and If-Range (which means nothing without Range) unless the request is a
// single valid range; returns what the Range field was.
RangeKind rewrite_range(core::http::Headers& headers);

}  // namespace edge::proxy
