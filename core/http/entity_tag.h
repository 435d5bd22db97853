// Entity-tag comparison (RFC 9110 8.8.3.2): weak for If-None-Match, strong for If-Range.
#pragma once

#include <string_view>

namespace core::http {

// Whether an entity-tag list (If-None-Match) matches `etag` by weak comparison ("*" matches
// any representation; an empty `etag` matches no tag).
bool weak_match_any(std::string_view list, std::string_view etag);
// Whether one entity-tag (If-Range) matches `etag` by strong comparison: equal and neither weak.
bool strong_match(std::string_view tag, std::string_view etag);

}  // namespace core::http
