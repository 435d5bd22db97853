// Method names and the HTTP-version grammar shared by request and status lines.
#include "core/http1/message.h"

#include <array>
#include <utility>

namespace core::http1 {

Method method_from_token(std::string_view token) {
  static constexpr std::array<std::pair<std::string_view, Method>, 9> kMethods = {{
      {"GET", Method::kGet},
      {"HEAD", Method::kHead},
      {"POST", Method::kPost},
      {"PUT", Method::kPut},
      {"DELETE", Method::kDelete},
      {"CONNECT", Method::kConnect},
      {"OPTIONS", Method::kOptions},
      {"TRACE", Method::kTrace},
      {"PATCH", Method::kPatch},
  }};
  for (const auto& [name, method] : kMethods) {
    if (token == name) return method;
  }
  return Method::kOther;
}

std::optional<HttpVersion> parse_http_version(std::string_view text) {
  constexpr std::string_view kPrefix = "HTTP/";
  if (text.size() != kPrefix.size() + 3 || !text.starts_with(kPrefix)) return std::nullopt;
  const char major = text[5];
  const char dot = text[6];
  const char minor = text[7];
  if (major < '0' || major > '9' || dot != '.' || minor < '0' || minor > '9') return std::nullopt;
  return HttpVersion{major - '0', minor - '0'};
}

}  // namespace core::http1
