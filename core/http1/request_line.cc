// Request-line parsing: method token, request-target form, HTTP version. One SP between the
// parts, no other whitespace, as RFC 9112 3 requires of a strict recipient.
#include "core/http1/request_line.h"

#include <algorithm>
#include <optional>

#include "core/http1/field_rules.h"

namespace core::http1 {
namespace {

constexpr bool is_alpha(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// scheme "://" of RFC 3986 3.1; proxies get absolute-form targets only for hierarchical URIs.
bool has_scheme_and_authority(std::string_view target) {
  const size_t marker = target.find("://");
  if (marker == std::string_view::npos || marker == 0) return false;
  const std::string_view scheme = target.substr(0, marker);
  if (!is_alpha(static_cast<unsigned char>(scheme.front()))) return false;
  return std::all_of(scheme.begin(), scheme.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.';
  });
}

std::optional<TargetForm> classify_target(Method method, std::string_view target) {
  const bool visible = std::all_of(target.begin(), target.end(), [](char c) {
    return is_vchar(static_cast<unsigned char>(c)) && c != '#';
  });
  if (!visible) return std::nullopt;
  if (method == Method::kConnect) {
    if (!is_host_and_port(target, true)) return std::nullopt;
    return TargetForm::kAuthority;
  }
  if (target == "*") {
    if (method != Method::kOptions) return std::nullopt;
    return TargetForm::kAsterisk;
  }
  if (target.front() == '/') return TargetForm::kOrigin;
  if (has_scheme_and_authority(target)) return TargetForm::kAbsolute;
  return std::nullopt;
}

}  // namespace

std::expected<RequestLine, Error> parse_request_line(std::string_view line) {
  const size_t first_space = line.find(' ');
  if (first_space == std::string_view::npos) return std::unexpected(Error::kBadRequestLine);
  const size_t second_space = line.find(' ', first_space + 1);
  if (second_space == std::string_view::npos) return std::unexpected(Error::kBadRequestLine);
  const std::string_view method = line.substr(0, first_space);
  const std::string_view target = line.substr(first_space + 1, second_space - first_space - 1);
  const std::string_view version_text = line.substr(second_space + 1);
  if (!is_token(method) || target.empty()) return std::unexpected(Error::kBadRequestLine);
  const auto version = parse_http_version(version_text);
  if (!version) return std::unexpected(Error::kBadRequestLine);
  if (version->major != 1 || version->minor > 1) {
    return std::unexpected(Error::kUnsupportedVersion);
  }
  RequestLine result;
  result.method = method_from_token(method);
  result.method_size = method.size();
  result.target_size = target.size();
  result.version_minor = version->minor;
  const auto form = classify_target(result.method, target);
  if (!form) return std::unexpected(Error::kBadRequestTarget);
  result.form = *form;
  return result;
}

}  // namespace core::http1
