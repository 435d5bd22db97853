// ETag comparison is weak for If-None-Match and strong for If-Range, as RFC 9110 13.1 says.
#include "origin/api/validators.h"

#include <cstdio>

#include "core/http/entity_tag.h"
#include "core/http/headers.h"
#include "core/http/http_date_parse.h"

namespace origin::api {

std::string etag_of(const FileStamp& stamp) {
  char text[48];
  std::snprintf(text, sizeof text, "\"%llx-%llx\"", static_cast<unsigned long long>(stamp.size),
                static_cast<unsigned long long>(stamp.mtime_ns));
  return text;
}

bool not_modified(const core::http::Headers& request, std::string_view etag, int64_t mtime_s,
                  int64_t now_s) {
  if (auto list = request.get_combined("if-none-match")) {
    return core::http::weak_match_any(*list, etag);
  }
  if (auto since = request.get("if-modified-since")) {
    auto date = core::http::parse_http_date(*since, now_s);
    return date && mtime_s <= *date;
  }
  return false;
}

bool if_range_holds(const core::http::Headers& request, std::string_view etag, int64_t mtime_s,
                    int64_t now_s) {
  auto condition = request.get("if-range");
  if (!condition) return true;
  std::string_view value = core::http::trim_ows(*condition);
  if (value.starts_with('"') || value.starts_with("W/")) {
    return core::http::strong_match(value, etag);
  }
  auto date = core::http::parse_http_date(value, now_s);
  return date && *date == mtime_s;
}

}  // namespace origin::api
