// Storability, freshness lifetime and age of RFC 9111, and the 304 merge. One deliberate
// departure: s-maxage does not imply proxy-revalidate here when the origin also sends an
// explicit stale-while-revalidate or stale-if-error (as CDNs do); must-revalidate and
// proxy-revalidate always forbid stale serving.
#include "edge/cache/freshness.h"

#include <algorithm>
#include <array>
#include <optional>

#include "core/http/headers.h"
#include "core/http/http_date_parse.h"
#include "edge/cache/cache_control.h"

namespace edge::cache {
namespace {

using core::http::equals_ignore_case;

int64_t clamp_delta(int64_t v) {
  return std::clamp<int64_t>(v, 0, kMaxDeltaSeconds);
}

bool storable_status(int status) {
  constexpr std::array<int, 8> kStatuses = {200, 203, 204, 300, 301, 308, 404, 410};
  return std::find(kStatuses.begin(), kStatuses.end(), status) != kStatuses.end();
}

// Why the Vary of `response` keeps it out of the cache, or an empty view when it does not.
std::string_view vary_refusal(const core::http::ResponseHead& response, const CachePolicy& policy) {
  for (const core::http::Header& field : response.headers.items()) {
    if (field.name != "vary") continue;
    std::string_view rest = field.value;
    while (!rest.empty()) {
      const size_t comma = rest.find(',');
      const std::string_view name = core::http::trim_ows(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      if (name.empty()) continue;
      if (name == "*") return "vary_star";
      const bool configured =
          std::any_of(policy.vary_headers.begin(), policy.vary_headers.end(),
                      [&](const std::string& h) { return equals_ignore_case(h, name); });
      if (!configured) return "vary_unconfigured";
    }
  }
  return {};
}

// Age field: delta-seconds; anything else counts as absent.
int64_t age_value(const core::http::Headers& headers) {
  const auto text = headers.get("age");
  if (!text) return 0;
  const std::string_view digits = core::http::trim_ows(*text);
  if (digits.empty()) return 0;
  int64_t n = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return 0;
    if (n < kMaxDeltaSeconds) n = n * 10 + (c - '0');
  }
  return clamp_delta(n);
}

// The explicit or negative or heuristic lifetime, or nullopt when there is none.
std::optional<int64_t> lifetime(const CacheControl& cc, const core::http::ResponseHead& response,
                                int64_t date, int64_t now, const CachePolicy& policy) {
  if (cc.s_maxage) return *cc.s_maxage;
  if (cc.max_age) return *cc.max_age;
  if (const auto expires = response.headers.get("expires")) {
    // An invalid Expires ("0", "-1") means already expired (RFC 9111 5.3).
    const auto at = core::http::parse_http_date(*expires, now);
    return at ? clamp_delta(*at - date) : 0;
  }
  if ((response.status == 404 || response.status == 410) && policy.negative_ttl_s > 0) {
    return clamp_delta(policy.negative_ttl_s);
  }
  if (policy.heuristic_max_s > 0) {
    const int64_t bound = clamp_delta(policy.heuristic_max_s);
    const auto modified = response.headers.get("last-modified");
    const auto at = modified ? core::http::parse_http_date(*modified, now) : std::nullopt;
    return at ? std::min(bound, clamp_delta(date - *at) / 10) : bound;
  }
  return std::nullopt;
}

bool excluded_from_update(std::string_view name, const core::http::Headers& not_modified) {
  constexpr std::array<std::string_view, 10> kKept = {"content-length",   "transfer-encoding",
                                                      "content-encoding", "content-range",
                                                      "connection",       "keep-alive",
                                                      "proxy-connection", "te",
                                                      "trailer",          "upgrade"};
  if (std::find(kKept.begin(), kKept.end(), name) != kKept.end()) return true;
  // Fields the Connection field names are hop-by-hop too.
  const auto connection = not_modified.get_combined("connection");
  if (!connection) return false;
  std::string_view rest = *connection;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    if (equals_ignore_case(core::http::trim_ows(rest.substr(0, comma)), name)) return true;
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  return false;
}

}  // namespace

std::expected<Freshness, std::string_view> storable(const core::http::Request& request,
                                                    const core::http::ResponseHead& response,
                                                    int64_t request_time_s, int64_t response_time_s,
                                                    const CachePolicy& policy) {
  if (request.method != "GET") return std::unexpected("method");
  if (response.status == 206 || response.headers.contains("content-range")) {
    return std::unexpected("partial");
  }
  if (!storable_status(response.status)) return std::unexpected("status");
  const CacheControl cc = parse_cache_control(response.headers);
  if (cc.no_store) return std::unexpected("no_store");
  if (cc.is_private) return std::unexpected("private");
  if (request.headers.contains("authorization") &&
      !(cc.is_public || cc.s_maxage || cc.must_revalidate)) {
    return std::unexpected("authorization");
  }
  if (response.headers.contains("set-cookie")) return std::unexpected("set_cookie");
  if (std::string_view why = vary_refusal(response, policy); !why.empty()) {
    return std::unexpected(why);
  }
  if (response.content_length && *response.content_length > policy.max_object_bytes) {
    return std::unexpected("too_large");
  }

  // A Date that is absent or unreadable is taken as the time the response arrived.
  const auto date_field = response.headers.get("date");
  const int64_t date =
      (date_field ? core::http::parse_http_date(*date_field, response_time_s) : std::nullopt)
          .value_or(response_time_s);
  const bool has_validator =
      response.headers.contains("etag") || response.headers.contains("last-modified");
  auto life = lifetime(cc, response, date, response_time_s, policy);
  // no-cache with a validator needs no lifetime: every use is a conditional request anyway.
  if (!life && cc.no_cache && has_validator) life = 0;
  if (!life) return std::unexpected("no_freshness");

  Freshness f;
  f.response_time_s = response_time_s;
  const int64_t apparent_age = std::max<int64_t>(0, response_time_s - date);
  const int64_t response_delay = std::max<int64_t>(0, response_time_s - request_time_s);
  f.corrected_initial_age_s =
      clamp_delta(std::max(apparent_age, age_value(response.headers) + response_delay));
  f.lifetime_s = clamp_delta(*life);
  f.stale_while_revalidate_s = clamp_delta(cc.stale_while_revalidate.value_or(0));
  f.stale_if_error_s = clamp_delta(cc.stale_if_error.value_or(0));
  f.no_cache = cc.no_cache;
  f.must_revalidate = cc.must_revalidate || cc.proxy_revalidate;
  f.immutable = cc.immutable;

  const int64_t window =
      f.must_revalidate ? 0 : std::max(f.stale_while_revalidate_s, f.stale_if_error_s);
  const bool servable = !f.no_cache && f.corrected_initial_age_s < f.lifetime_s + window;
  if (!has_validator && !servable) return std::unexpected("unusable");
  return f;
}

int64_t current_age(const Freshness& freshness, int64_t now_s) {
  const int64_t resident = std::max<int64_t>(0, now_s - freshness.response_time_s);
  return freshness.corrected_initial_age_s + resident;
}

std::string_view to_label(Verdict verdict) {
  switch (verdict) {
    case Verdict::kFresh:
      return "fresh";
    case Verdict::kStaleWhileRevalidate:
      return "stale_while_revalidate";
    case Verdict::kMustRevalidate:
      return "must_revalidate";
  }
  return "must_revalidate";
}

Verdict judge(const Freshness& freshness, int64_t now_s) {
  if (freshness.no_cache) return Verdict::kMustRevalidate;
  const int64_t age = current_age(freshness, now_s);
  if (age < freshness.lifetime_s) return Verdict::kFresh;
  if (!freshness.must_revalidate &&
      age < freshness.lifetime_s + freshness.stale_while_revalidate_s) {
    return Verdict::kStaleWhileRevalidate;
  }
  return Verdict::kMustRevalidate;
}

bool usable_on_error(const Freshness& freshness, int64_t now_s) {
  if (freshness.no_cache) return false;
  const int64_t age = current_age(freshness, now_s);
  if (age < freshness.lifetime_s) return true;
  return !freshness.must_revalidate && age < freshness.lifetime_s + freshness.stale_if_error_s;
}

void add_validators(const core::http::ResponseHead& stored, core::http::Headers& upstream_request) {
  upstream_request.remove("if-none-match");
  upstream_request.remove("if-modified-since");
  if (const auto etag = stored.headers.get("etag")) upstream_request.add("if-none-match", *etag);
  if (const auto modified = stored.headers.get("last-modified")) {
    upstream_request.add("if-modified-since", *modified);
  }
}

core::http::ResponseHead merge_not_modified(const core::http::ResponseHead& stored,
                                            const core::http::ResponseHead& not_modified) {
  core::http::ResponseHead merged;
  merged.status = stored.status;
  merged.content_length = stored.content_length;
  // Stored fields that the 304 replaces go; the 304's values are appended in its order. The
  // stored Age is stale by now; the 304's own Age describes the refreshed response.
  for (const core::http::Header& field : stored.headers.items()) {
    if (field.name == "age") continue;
    const bool replaced = !excluded_from_update(field.name, not_modified.headers) &&
                          not_modified.headers.contains(field.name);
    if (!replaced) merged.headers.add(field.name, field.value);
  }
  for (const core::http::Header& field : not_modified.headers.items()) {
    if (!excluded_from_update(field.name, not_modified.headers)) {
      merged.headers.add(field.name, field.value);
    }
  }
  return merged;
}

}  // namespace edge::cache
