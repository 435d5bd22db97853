// Cache keys: the normalised path, only the configured query parameters (so CMCD and session
// parameters never split the cache), then the configured request headers a response may Vary
// on. A key is printable text: "path[?k=v&...]" then "\n" and one normalised value per vary
// header, in the configured order.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/http/message.h"

namespace edge::cache {

struct KeyRules {
  std::vector<std::string> query_keys;    // parameter names kept in the key, exact match
  std::vector<std::string> vary_headers;  // lower-case request header names, in key order
};

// The key of `request`, or nullopt when its target cannot be normalised (not a path, a bad
// percent escape, a byte that is not printable ASCII, a dot segment after decoding). Path and
// kept parameters: percent-encoded unreserved characters decoded, other escapes upper-cased.
// Kept parameters are sorted (name, then value), so their order in the request does not
// matter. A vary value is every field line of that header joined, elements trimmed and
// lower-cased, non-printable bytes escaped; absent and empty are the same.
std::optional<std::string> cache_key(const core::http::Request& request, const KeyRules& rules);

// The path part of a key (before '?' or '\n'), for purge by exact path or by prefix.
std::string_view key_path(std::string_view key);

}  // namespace edge::cache
