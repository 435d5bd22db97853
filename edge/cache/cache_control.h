// The Cache-Control directives a shared cache acts on (RFC 9111 5.2.2, RFC 8246 immutable,
// RFC 5861 stale-while-revalidate and stale-if-error), parsed from every field line.
#pragma once

#include <cstdint>
#include <optional>

#include "core/http/headers.h"

namespace edge::cache {

// The delta-seconds value a cache uses for anything larger (RFC 9111 1.2.2).
inline constexpr int64_t kMaxDeltaSeconds = int64_t{1} << 31;

struct CacheControl {
  std::optional<int64_t> max_age;
  std::optional<int64_t> s_maxage;
  std::optional<int64_t> stale_while_revalidate;
  std::optional<int64_t> stale_if_error;
  bool no_store = false;
  bool no_cache = false;  // with or without field names: the whole response is revalidated
  bool is_private = false;
  bool is_public = false;
  bool must_revalidate = false;
  bool proxy_revalidate = false;
  bool immutable = false;
  bool operator==(const CacheControl&) const = default;
};

// Combines every Cache-Control line of `headers`. Names are case-insensitive, values may be
// tokens or quoted strings, unknown directives are skipped, the first occurrence of a repeated
// directive wins. Delta-seconds: digits only; values past 2^31 are 2^31 (RFC 9111 1.2.2).
// A malformed max-age or s-maxage ("max-age=soon", "max-age=-1", no value) reads as 0, so the
// response counts as stale (RFC 9111 4.2.1 encourages this); a malformed stale-while-revalidate
// or stale-if-error is absent, which grants nothing.
CacheControl parse_cache_control(const core::http::Headers& headers);

}  // namespace edge::cache
