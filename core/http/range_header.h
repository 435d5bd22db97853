// Range fields (RFC 9110 14.1-14.2): the bytes range-set grammar with the list rule that
// empty elements are ignored, a request's one byte range (first-last, first-, or a suffix -n),
// and that range resolved against a representation's length. Positions never overflow.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/http/headers.h"

namespace core::http {

enum class RangeKind : uint8_t {
  kNone,      // no Range field
  kSingle,    // one valid byte range
  kMultiple,  // more than one range
  kInvalid,   // not a bytes range-set, or several Range fields (RFC 9110: to be ignored)
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

}  // namespace core::http
