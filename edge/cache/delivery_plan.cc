// Preconditions are evaluated in the order of RFC 9110 13.2.2 for a GET or HEAD from a cache:
// If-None-Match, else If-Modified-Since; then Range with If-Range.
#include "edge/cache/delivery_plan.h"

#include <string>

#include "core/http/entity_tag.h"
#include "core/http/headers.h"
#include "core/http/http_date_parse.h"
#include "core/http/range_header.h"

namespace edge::cache {
namespace {

// The fields a 304 carries from the stored response (RFC 9110 15.4.5).
constexpr std::string_view kNotModifiedFields[] = {
    "cache-control", "content-location", "date", "etag",   "expires",
    "vary",          "last-modified",    "age",  "x-cache"};

core::http::ResponseHead not_modified(const core::http::ResponseHead& stored) {
  core::http::ResponseHead head;
  head.status = 304;
  for (const core::http::Header& field : stored.headers.items()) {
    for (std::string_view name : kNotModifiedFields) {
      if (field.name == name) head.headers.add(field.name, field.value);
    }
  }
  return head;
}

bool modified_since(const core::http::Request& request, const core::http::ResponseHead& stored,
                    int64_t now_s) {
  const auto since_text = request.headers.get("if-modified-since");
  const auto modified_text = stored.headers.get("last-modified");
  if (!since_text || !modified_text) return true;
  const auto since = core::http::parse_http_date(*since_text, now_s);
  const auto modified = core::http::parse_http_date(*modified_text, now_s);
  if (!since || !modified) return true;
  return *modified > *since;
}

// If-Range (RFC 9110 13.1.5): an entity-tag must match strongly, a date must equal the stored
// Last-Modified exactly.
bool if_range_holds(const core::http::Request& request, const core::http::ResponseHead& stored,
                    int64_t now_s) {
  const auto condition = request.headers.get("if-range");
  if (!condition) return true;
  const std::string_view value = core::http::trim_ows(*condition);
  if (value.starts_with('"') || value.starts_with("W/")) {
    const auto etag = stored.headers.get("etag");
    return etag && core::http::strong_match(value, *etag);
  }
  const auto modified_text = stored.headers.get("last-modified");
  if (!modified_text) return false;
  const auto asked = core::http::parse_http_date(value, now_s);
  const auto modified = core::http::parse_http_date(*modified_text, now_s);
  return asked && modified && *asked == *modified;
}

}  // namespace

DeliveryPlan plan_delivery(const core::http::Request& request, core::http::ResponseHead stored,
                           std::optional<uint64_t> length, int64_t now_s) {
  DeliveryPlan plan;
  plan.head = std::move(stored);
  plan.head.content_length = length;
  plan.length = length.value_or(0);
  plan.body = true;
  // The preconditions read the stored validators, which nothing below changes.
  const core::http::ResponseHead& stored_head = plan.head;
  if (stored_head.status != 200) return plan;

  if (const auto none_match = request.headers.get("if-none-match")) {
    const auto etag = stored_head.headers.get("etag");
    if (core::http::weak_match_any(*none_match, etag.value_or(""))) {
      return DeliveryPlan{not_modified(stored_head), 0, 0, false};
    }
  } else if (!modified_since(request, stored_head, now_s)) {
    return DeliveryPlan{not_modified(stored_head), 0, 0, false};
  }

  if (!length) return plan;
  const auto spec = core::http::single_range(request.headers);
  const bool range_holds = spec && if_range_holds(request, stored_head, now_s);
  plan.head.headers.set("accept-ranges", "bytes");
  if (!spec || !range_holds) return plan;
  const auto span = core::http::resolve_range(*spec, *length);
  if (!span) {
    plan.head.status = 416;
    plan.head.headers.set("content-range", "bytes */" + std::to_string(*length));
    plan.head.content_length = 0;
    plan.length = 0;
    plan.body = false;
    return plan;
  }
  plan.head.status = 206;
  plan.head.headers.set("content-range", "bytes " + std::to_string(span->first) + "-" +
                                             std::to_string(span->last) + "/" +
                                             std::to_string(*length));
  plan.first = span->first;
  plan.length = span->last - span->first + 1;
  plan.head.content_length = plan.length;
  return plan;
}

bool asks_for_whole(const core::http::Request& request) {
  for (const core::http::Header& field : request.headers.items()) {
    const std::string_view name = field.name;
    if (name == "if-none-match" || name == "if-modified-since" || name == "range" ||
        name == "if-range") {
      return false;
    }
  }
  return true;
}

}  // namespace edge::cache
