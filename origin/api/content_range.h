// The Content-Range of an upload chunk (RFC 9110 14.4): "bytes first-last/total" carries
// bytes, "bytes */total" asks what has arrived. The total must be known: an upload of
// unknown length cannot be checked for completeness.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace origin::api {

struct ChunkRange {
  std::optional<int64_t> first;  // absent for "bytes */total"
  int64_t last = 0;
  int64_t total = 0;
  int64_t length() const { return first ? last - *first + 1 : 0; }
};

// nullopt when `value` is malformed, last < first, or first-last is not within total.
std::optional<ChunkRange> parse_content_range(std::string_view value);

}  // namespace origin::api
