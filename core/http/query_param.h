// Reading one parameter of a query string ("a=1&b=x%20y"), percent-decoded. A '%' without two
// hex digits stays as it is; '+' is not a space (that is HTML forms, not URIs).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace core::http {

std::string percent_decode(std::string_view text);
// The decoded value of the first parameter named `name`; nullopt when absent. "a" and "a="
// both give an empty value.
std::optional<std::string> query_param(std::string_view query, std::string_view name);

}  // namespace core::http
