// Character classes and small value grammars of RFC 9110/9112 shared by the request parser,
// the response parser and the chunked decoder, so that both directions refuse the same bytes.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace core::http1 {

namespace detail {
constexpr std::array<bool, 256> make_tchar_table() {
  std::array<bool, 256> table{};
  for (int c = '0'; c <= '9'; ++c)
    table[c] = true;
  for (int c = 'a'; c <= 'z'; ++c)
    table[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c)
    table[c] = true;
  for (char c : std::string_view("!#$%&'*+-.^_`|~"))
    table[static_cast<unsigned char>(c)] = true;
  return table;
}
inline constexpr std::array<bool, 256> kTchar = make_tchar_table();
}  // namespace detail

// tchar of RFC 9110 5.6.2: the bytes of method names, field names and list tokens.
constexpr bool is_tchar(unsigned char c) {
  return detail::kTchar[c];
}
// VCHAR: visible US-ASCII, the bytes of a request-target.
constexpr bool is_vchar(unsigned char c) {
  return c >= 0x21 && c <= 0x7e;
}
// field-vchar: VCHAR or obs-text (0x80-0xFF), allowed in field values and reason phrases.
constexpr bool is_field_vchar(unsigned char c) {
  return is_vchar(c) || c >= 0x80;
}
// OWS/BWS/RWS are made of SP and HT.
constexpr bool is_ows(unsigned char c) {
  return c == ' ' || c == '\t';
}
constexpr bool is_digit(unsigned char c) {
  return c >= '0' && c <= '9';
}

// 1*tchar.
bool is_token(std::string_view text);
// The text without leading and trailing SP/HT.
std::string_view trim_ows(std::string_view text);
// ASCII case-insensitive equality, as field names and tokens compare.
bool equals_ignore_case(std::string_view a, std::string_view b);

// Calls visit(element) for each comma-separated element of a list-valued field (RFC 9110
// 5.6.1), trimmed of OWS; empty elements are passed too, callers decide. Stops early and
// returns false as soon as visit returns false.
template <typename Visit>
bool for_each_list_element(std::string_view value, Visit&& visit) {
  for (;;) {
    const size_t comma = value.find(',');
    if (!visit(trim_ows(value.substr(0, comma)))) return false;
    if (comma == std::string_view::npos) return true;
    value.remove_prefix(comma + 1);
  }
}

// Whether a list-valued field holds `token` (case-insensitive); empty elements are ignored.
bool list_has_token(std::string_view value, std::string_view token);

// uri-host [":" port] of RFC 3986 as Host fields and CONNECT targets carry it: a reg-name
// (unreserved, sub-delims, pct-encoded) or an IP literal in brackets, then an optional port
// of digits, required when `require_port`. The host part must not be empty.
bool is_host_and_port(std::string_view text, bool require_port);

// A Content-Length field value: 1*DIGIT, or a list of identical such values (RFC 9110 8.6).
// nullopt for anything else: signs, spaces inside, empty elements, differing values, or a
// value above 2^64-1.
std::optional<uint64_t> parse_content_length(std::string_view value);

}  // namespace core::http1
