// URI reference parsing shared by the URI rewrites (RFC 3986 appendix B and section 5.2.4).
// Internal to manifest/.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace manifest {

// The five components of a URI reference. An absent component differs from an empty one
// ("http://a/b?" has an empty query, "http://a/b" none), so each optional one is kept as such.
struct UriParts {
  std::optional<std::string_view> scheme;
  std::optional<std::string_view> authority;
  std::string_view path;
  std::optional<std::string_view> query;
  std::optional<std::string_view> fragment;
};

// Splits any string into components as the regular expression of appendix B does; it never
// fails, since every string is some URI reference.
UriParts split_uri(std::string_view reference);

// Joins components back into a reference (section 5.3).
std::string join_uri(const UriParts& parts);

// Section 5.2.4: removes "." and ".." segments from a path.
std::string remove_dot_segments(std::string_view path);

// ASCII case-insensitive equality, for schemes and host names.
bool equal_ignoring_case(std::string_view a, std::string_view b);

}  // namespace manifest
