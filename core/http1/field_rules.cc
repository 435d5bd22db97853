// Value grammars shared by every HTTP/1 parser: tokens, OWS trimming, list elements and
// Content-Length.
#include "core/http1/field_rules.h"

#include <algorithm>
#include <limits>

namespace core::http1 {
namespace {

constexpr unsigned char to_lower(unsigned char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<unsigned char>(c + ('a' - 'A')) : c;
}

// 1*DIGIT without overflow; nullopt for an empty text, a non-digit or a value above 2^64-1.
std::optional<uint64_t> parse_decimal(std::string_view digits) {
  if (digits.empty()) return std::nullopt;
  uint64_t value = 0;
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  for (const char ch : digits) {
    const auto c = static_cast<unsigned char>(ch);
    if (!is_digit(c)) return std::nullopt;
    const uint64_t digit = c - '0';
    if (value > (kMax - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

constexpr bool is_hex_digit(unsigned char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// unreserved and sub-delims of RFC 3986 2.2-2.3.
constexpr bool is_host_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) ||
         std::string_view("-._~!$&'()*+,;=").find(static_cast<char>(c)) != std::string_view::npos;
}

// reg-name, or the inside of an IP literal (IPv6 and IPvFuture, which add ':').
bool is_host_text(std::string_view text, bool ip_literal) {
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '%') {
      if (i + 2 >= text.size() || !is_hex_digit(static_cast<unsigned char>(text[i + 1])) ||
          !is_hex_digit(static_cast<unsigned char>(text[i + 2]))) {
        return false;
      }
      i += 2;
    } else if (!is_host_char(c) && !(ip_literal && c == ':')) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool is_token(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return is_tchar(static_cast<unsigned char>(c));
  });
}

std::string_view trim_ows(std::string_view text) {
  while (!text.empty() && is_ows(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && is_ows(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return to_lower(static_cast<unsigned char>(x)) ==
                  to_lower(static_cast<unsigned char>(y));
         });
}

bool list_has_token(std::string_view value, std::string_view token) {
  bool found = false;
  for_each_list_element(value, [&](std::string_view element) {
    found = equals_ignore_case(element, token);
    return !found;
  });
  return found;
}

bool is_host_and_port(std::string_view text, bool require_port) {
  std::string_view host = text;
  std::optional<std::string_view> port;
  if (text.starts_with('[')) {
    const size_t close = text.find(']');
    if (close == std::string_view::npos || close < 2) return false;
    if (!is_host_text(text.substr(1, close - 1), true)) return false;
    host = text.substr(0, close + 1);
    const std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return false;
      port = rest.substr(1);
    }
  } else {
    const size_t colon = text.find(':');
    if (colon != std::string_view::npos) {
      host = text.substr(0, colon);
      port = text.substr(colon + 1);
    }
    if (host.empty() || !is_host_text(host, false)) return false;
  }
  if (port && !std::all_of(port->begin(), port->end(),
                           [](char c) { return is_digit(static_cast<unsigned char>(c)); })) {
    return false;
  }
  return !require_port || (port && !port->empty());
}

std::optional<uint64_t> parse_content_length(std::string_view value) {
  std::optional<uint64_t> result;
  const bool ok = for_each_list_element(value, [&](std::string_view element) {
    const auto parsed = parse_decimal(element);
    if (!parsed || (result && *result != *parsed)) return false;
    result = parsed;
    return true;
  });
  return ok ? result : std::nullopt;
}

}  // namespace core::http1
