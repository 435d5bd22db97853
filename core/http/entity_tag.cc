#include "core/http/entity_tag.h"

#include "core/http/headers.h"

namespace core::http {
namespace {

// The tag without its weakness indicator, for weak comparison.
std::string_view opaque(std::string_view tag) {
  tag = trim_ows(tag);
  if (tag.starts_with("W/")) tag.remove_prefix(2);
  return tag;
}

}  // namespace

bool weak_match_any(std::string_view list, std::string_view etag) {
  if (trim_ows(list) == "*") return true;
  const std::string_view wanted = opaque(etag);
  if (wanted.empty()) return false;
  while (!list.empty()) {
    const size_t comma = list.find(',');
    if (opaque(list.substr(0, comma)) == wanted) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

bool strong_match(std::string_view tag, std::string_view etag) {
  tag = trim_ows(tag);
  etag = trim_ows(etag);
  return !tag.starts_with("W/") && !etag.starts_with("W/") && tag.size() >= 2 && tag == etag;
}

}  // namespace core::http
