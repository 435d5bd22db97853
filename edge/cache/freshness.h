// The RFC 9111 decisions of the cache: whether a response may be stored, how long it stays
// fresh (4.2.1), how old it is (4.2.3), whether a stored response may be served, served stale
// (RFC 5861) or must be revalidated, and how a 304 refreshes it (4.3.4). Times are Unix seconds
// given by the caller.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "core/http/headers.h"
#include "core/http/message.h"

namespace edge::cache {

// What the operator allows the cache to store.
struct CachePolicy {
  int64_t negative_ttl_s = 10;  // lifetime of a 404 or 410 without explicit freshness; 0: none
  // Upper bound of a heuristic lifetime (10% of Date - Last-Modified, or this bound without
  // Last-Modified). 0: no heuristic, so playlists without explicit freshness are not stored.
  int64_t heuristic_max_s = 0;
  uint64_t max_object_bytes = uint64_t{64} << 20;  // larger Content-Length: not stored
  std::vector<std::string> vary_headers;  // lower-case request header names the cache may split on
};

// How a stored response ages. Every duration is clamped to [0, 2^31].
struct Freshness {
  int64_t response_time_s = 0;          // when the response was received
  int64_t corrected_initial_age_s = 0;  // its age at response_time_s (Age, Date, delay)
  int64_t lifetime_s = 0;               // fresh while the current age is below this
  int64_t stale_while_revalidate_s = 0;
  int64_t stale_if_error_s = 0;
  bool no_cache = false;         // every use needs a successful revalidation first
  bool must_revalidate = false;  // must-revalidate or proxy-revalidate: never served stale
  bool immutable = false;
  bool operator==(const Freshness&) const = default;
};

// Whether `response` to `request` may be stored, and if so how it ages. `request_time_s` is
// when the request was sent upstream, `response_time_s` when the head arrived. The error is a
// fixed snake_case reason, usable as a metric label: "method", "partial", "status", "no_store",
// "private", "authorization", "set_cookie", "vary_star", "vary_unconfigured", "too_large",
// "no_freshness", "unusable" (no validator to revalidate with, and already past every window
// in which it could be served, or no-cache). Freshness: s-maxage, then max-age, then Expires -
// Date, then the negative TTL (404, 410) or the heuristic; no-cache with a validator needs
// none (lifetime 0: revalidated on every use). Authorization in the request needs
// public, s-maxage or must-revalidate (RFC 9111 3.5). Request Cache-Control is not consulted:
// a viewer cannot make the edge bypass the cache.
std::expected<Freshness, std::string_view> storable(const core::http::Request& request,
                                                    const core::http::ResponseHead& response,
                                                    int64_t request_time_s, int64_t response_time_s,
                                                    const CachePolicy& policy);

// The age of the stored response at `now_s` (RFC 9111 4.2.3), for the Age field.
int64_t current_age(const Freshness& freshness, int64_t now_s);

enum class Verdict : uint8_t {
  kFresh,                 // serve it
  kStaleWhileRevalidate,  // serve it, and revalidate in the background
  kMustRevalidate,        // revalidate (or refetch) before serving
};
std::string_view to_label(Verdict verdict);  // "fresh", "stale_while_revalidate", ...

// What to do with a stored response at `now_s`. no-cache: always kMustRevalidate;
// must-revalidate and proxy-revalidate: never kStaleWhileRevalidate.
Verdict judge(const Freshness& freshness, int64_t now_s);

// Whether the stored response may answer at `now_s` because the origin failed (unreachable,
// 5xx): fresh, or stale within stale-if-error. Never with no-cache or must-revalidate.
bool usable_on_error(const Freshness& freshness, int64_t now_s);

// Adds If-None-Match (from ETag) and If-Modified-Since (from Last-Modified) of `stored` to
// the request going upstream, replacing any the viewer sent.
void add_validators(const core::http::ResponseHead& stored, core::http::Headers& upstream_request);

// The stored response refreshed by a 304 (RFC 9111 3.2, 4.3.4): fields of the 304 replace the
// stored fields of the same name, except framing and fields the stored body depends on
// (Content-Length, Transfer-Encoding, Content-Encoding, Content-Range, hop-by-hop fields). The
// stored Age is dropped (the 304's Age, if any, is kept). Status and content_length stay.
// Compute the new Freshness with storable() on the result and the revalidation's times.
core::http::ResponseHead merge_not_modified(const core::http::ResponseHead& stored,
                                            const core::http::ResponseHead& not_modified);

}  // namespace edge::cache
