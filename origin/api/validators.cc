// ETag comparison is weak for If-None-Match and strong for If-Range, as RFC 9110 13.1 says.
#include "origin/api/validators.h"

#include <cstdio>

#include "core/http/headers.h"
#include "core/http/http_date_parse.h"

namespace origin::api {
namespace {

std::string_view opaque(std::string_view tag) {
  if (tag.starts_with("W/")) tag.remove_prefix(2);
  return tag;
}

bool none_match(std::string_view list, std::string_view etag) {
  if (core::http::trim_ows(list) == "*") return true;
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view tag = core::http::trim_ows(list.substr(0, comma));
    if (opaque(tag) == opaque(etag)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

std::string etag_of(const FileStamp& stamp) {
  char text[48];
  std::snprintf(text, sizeof text, "\"%llx-%llx\"", static_cast<unsigned long long>(stamp.size),
                static_cast<unsigned long long>(stamp.mtime_ns));
  return text;
}

bool not_modified(const core::http::Headers& request, std::string_view etag, int64_t mtime_s,
                  int64_t now_s) {
  if (auto list = request.get_combined("if-none-match")) return none_match(*list, etag);
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
  if (value.starts_with("\"")) return value == etag;
  if (value.starts_with("W/")) return false;
  auto date = core::http::parse_http_date(value, now_s);
  return date && *date == mtime_s;
}

}  // namespace origin::api
