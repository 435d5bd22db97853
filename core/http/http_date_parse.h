// Reads the three HTTP-date formats of RFC 9110 5.6.7 (IMF-fixdate, obsolete RFC 850 and
// asctime) into Unix seconds, for Date, Expires and Last-Modified.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace core::http {

// Unix seconds of `text`, or nullopt when it is none of the three formats or names an
// impossible date. Surrounding whitespace is allowed. A two-digit RFC 850 year more than 50
// years ahead of `now_s` is taken as the past century (RFC 9110 5.6.7).
std::optional<int64_t> parse_http_date(std::string_view text, int64_t now_s);

}  // namespace core::http
