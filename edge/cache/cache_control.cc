// parse_cache_control: a tolerant reader of the directive list (token[=token|quoted-string]
// separated by commas, commas inside quotes included). Restricting forms such as
// private="set-cookie" or no-cache="x" count as the whole directive: stricter, never wrong.
#include "edge/cache/cache_control.h"

#include <optional>
#include <string>
#include <string_view>

#include "core/http/headers.h"

namespace edge::cache {
namespace {

using core::http::equals_ignore_case;

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

struct Directive {
  std::string_view name;
  std::optional<std::string> value;  // unquoted; nullopt without '='
  bool malformed = false;            // unterminated quoted string
};

// Reads the directive starting at `pos` and leaves `pos` after its terminating comma.
Directive next_directive(std::string_view text, size_t& pos) {
  Directive d;
  size_t start = pos;
  while (pos < text.size() && text[pos] != ',' && text[pos] != '=')
    ++pos;
  d.name = core::http::trim_ows(text.substr(start, pos - start));
  if (pos < text.size() && text[pos] == '=') {
    ++pos;
    while (pos < text.size() && is_space(text[pos]))
      ++pos;
    std::string value;
    if (pos < text.size() && text[pos] == '"') {
      ++pos;
      bool closed = false;
      while (pos < text.size()) {
        char c = text[pos++];
        if (c == '"') {
          closed = true;
          break;
        }
        if (c == '\\' && pos < text.size()) c = text[pos++];
        value.push_back(c);
      }
      d.malformed = !closed;
      // Anything between the closing quote and the comma makes the value malformed.
      size_t rest = pos;
      while (pos < text.size() && text[pos] != ',')
        ++pos;
      if (!core::http::trim_ows(text.substr(rest, pos - rest)).empty()) d.malformed = true;
    } else {
      size_t value_start = pos;
      while (pos < text.size() && text[pos] != ',')
        ++pos;
      value = std::string(core::http::trim_ows(text.substr(value_start, pos - value_start)));
    }
    d.value = std::move(value);
  }
  if (pos < text.size()) ++pos;  // the comma
  return d;
}

// Digits only; values past 2^31 are 2^31. nullopt when empty or not all digits.
std::optional<int64_t> parse_delta(const Directive& d) {
  if (d.malformed || !d.value || d.value->empty()) return std::nullopt;
  int64_t n = 0;
  for (char c : *d.value) {
    if (c < '0' || c > '9') return std::nullopt;
    if (n < kMaxDeltaSeconds) n = n * 10 + (c - '0');
  }
  return n < kMaxDeltaSeconds ? n : kMaxDeltaSeconds;
}

void apply(const Directive& d, CacheControl& cc) {
  const std::string_view n = d.name;
  // Freshness directives: malformed means stale (RFC 9111 4.2.1), first occurrence wins.
  if (equals_ignore_case(n, "max-age")) {
    if (!cc.max_age) cc.max_age = parse_delta(d).value_or(0);
  } else if (equals_ignore_case(n, "s-maxage")) {
    if (!cc.s_maxage) cc.s_maxage = parse_delta(d).value_or(0);
  } else if (equals_ignore_case(n, "stale-while-revalidate")) {
    if (!cc.stale_while_revalidate) cc.stale_while_revalidate = parse_delta(d);
  } else if (equals_ignore_case(n, "stale-if-error")) {
    if (!cc.stale_if_error) cc.stale_if_error = parse_delta(d);
  } else if (equals_ignore_case(n, "no-store")) {
    cc.no_store = true;
  } else if (equals_ignore_case(n, "no-cache")) {
    cc.no_cache = true;
  } else if (equals_ignore_case(n, "private")) {
    cc.is_private = true;
  } else if (equals_ignore_case(n, "public")) {
    cc.is_public = true;
  } else if (equals_ignore_case(n, "must-revalidate")) {
    cc.must_revalidate = true;
  } else if (equals_ignore_case(n, "proxy-revalidate")) {
    cc.proxy_revalidate = true;
  } else if (equals_ignore_case(n, "immutable")) {
    cc.immutable = true;
  }
}

}  // namespace

CacheControl parse_cache_control(const core::http::Headers& headers) {
  CacheControl cc;
  for (const core::http::Header& field : headers.items()) {
    if (field.name != "cache-control") continue;
    const std::string_view text = field.value;
    size_t pos = 0;
    while (pos < text.size()) {
      const Directive d = next_directive(text, pos);
      if (!d.name.empty()) apply(d, cc);
    }
  }
  return cc;
}

}  // namespace edge::cache
