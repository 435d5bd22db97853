// The text of attribute lists: the parser, which types each value by its syntax, and the
// canonical writer, whose output reads back to the same types and values.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <vector>

#include "manifest/attribute_list.h"

namespace manifest {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_hex_digit(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool is_name_char(char c) {
  return (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-';
}

template <typename T>
bool parse_unsigned(std::string_view text, T& out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

// An unquoted value. Number-shaped text (a digit, '.' or '-' first) becomes a number or a
// resolution; what only looks like one stays an enumerated-string, except the malformed
// forms the header names (out of range, a resolution missing a side, bad hex).
std::expected<AttributeValue, AttributeError> classify_unquoted(std::string_view raw) {
  if (raw.empty()) return std::unexpected(AttributeError::kSyntax);
  if (raw.size() >= 2 && raw[0] == '0' && (raw[1] == 'x' || raw[1] == 'X')) {
    std::string_view digits = raw.substr(2);
    if (digits.empty() || !std::all_of(digits.begin(), digits.end(), is_hex_digit)) {
      return std::unexpected(AttributeError::kBadValue);
    }
    return AttributeValue::hex_value(std::string(raw));
  }
  const bool negative = raw[0] == '-';
  std::string_view body = negative ? raw.substr(1) : raw;
  size_t digits = 0, dots = 0, xs = 0, others = 0;
  for (char c : body) {
    if (is_digit(c)) {
      ++digits;
    } else if (c == '.') {
      ++dots;
    } else if (c == 'x') {
      ++xs;
    } else {
      ++others;
    }
  }
  if (digits > 0 && others == 0) {
    if (xs == 0 && dots == 0 && !negative) {
      uint64_t value = 0;
      if (!parse_unsigned(body, value)) return std::unexpected(AttributeError::kBadValue);
      return AttributeValue::integer_value(value);
    }
    if (xs == 0 && dots <= 1) {
      double value = 0;
      auto [ptr, ec] =
          std::from_chars(raw.data(), raw.data() + raw.size(), value, std::chars_format::fixed);
      if (ec != std::errc() || ptr != raw.data() + raw.size()) {
        return std::unexpected(AttributeError::kBadValue);
      }
      AttributeValue result = AttributeValue::float_value(value);
      result.type = negative ? AttributeType::kSignedDecimalFloat : AttributeType::kDecimalFloat;
      return result;
    }
    if (xs == 1 && dots == 0 && !negative) {
      size_t x = body.find('x');
      Resolution resolution;
      if (!parse_unsigned(body.substr(0, x), resolution.width) ||
          !parse_unsigned(body.substr(x + 1), resolution.height)) {
        return std::unexpected(AttributeError::kBadValue);
      }
      return AttributeValue::resolution_value(resolution);
    }
  }
  for (char c : raw) {
    if (c == '"' || c == ' ' || c == '\t' || static_cast<unsigned char>(c) < 0x20) {
      return std::unexpected(AttributeError::kSyntax);
    }
  }
  return AttributeValue::enum_value(std::string(raw));
}

// Short lists are checked pairwise, which beats sorting for the usual 2-8 attributes; long
// lists are sorted so that a hostile line of many attributes stays O(n log n).
bool has_duplicate_names(const std::vector<Attribute>& items) {
  constexpr size_t kPairwiseLimit = 16;
  if (items.size() <= kPairwiseLimit) {
    for (size_t i = 1; i < items.size(); ++i) {
      for (size_t j = 0; j < i; ++j) {
        if (items[i].name == items[j].name) return true;
      }
    }
    return false;
  }
  std::vector<std::string_view> names;
  names.reserve(items.size());
  for (const Attribute& attribute : items)
    names.emplace_back(attribute.name);
  std::sort(names.begin(), names.end());
  return std::adjacent_find(names.begin(), names.end()) != names.end();
}

}  // namespace

std::expected<AttributeList, AttributeError> parse_attribute_list(std::string_view text,
                                                                  size_t max_attributes) {
  AttributeList list;
  const size_t n = text.size();
  size_t pos = 0;
  size_t count = 0;
  while (pos < n) {
    const size_t name_start = pos;
    while (pos < n && text[pos] != '=' && text[pos] != ',')
      ++pos;
    if (pos == n || text[pos] != '=' || pos == name_start) {
      return std::unexpected(AttributeError::kSyntax);
    }
    std::string_view name = text.substr(name_start, pos - name_start);
    if (!std::all_of(name.begin(), name.end(), is_name_char)) {
      return std::unexpected(AttributeError::kBadName);
    }
    if (++count > max_attributes) return std::unexpected(AttributeError::kTooManyAttributes);
    ++pos;  // '='
    AttributeValue value;
    if (pos < n && text[pos] == '"') {
      const size_t close = text.find('"', pos + 1);
      if (close == std::string_view::npos) {
        return std::unexpected(AttributeError::kUnterminatedQuote);
      }
      std::string_view content = text.substr(pos + 1, close - pos - 1);
      if (content.find_first_of("\r\n") != std::string_view::npos) {
        return std::unexpected(AttributeError::kBadValue);
      }
      value = AttributeValue::string_value(std::string(content));
      pos = close + 1;
      if (pos < n && text[pos] != ',') return std::unexpected(AttributeError::kSyntax);
    } else {
      size_t end = text.find(',', pos);
      if (end == std::string_view::npos) end = n;
      auto classified = classify_unquoted(text.substr(pos, end - pos));
      if (!classified) return std::unexpected(classified.error());
      value = std::move(*classified);
      pos = end;
    }
    list.append(std::string(name), std::move(value));
    if (pos < n) {
      ++pos;  // ','
      if (pos == n) return std::unexpected(AttributeError::kSyntax);
    }
  }
  if (has_duplicate_names(list.items())) return std::unexpected(AttributeError::kDuplicateName);
  return list;
}

void append_decimal_float(double value, std::string& out) {
  // Fixed notation of a double needs at most ~330 characters (denormals, DBL_MAX).
  char buffer[400];
  auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::fixed);
  if (ec != std::errc()) {
    out += "0.0";
    return;
  }
  std::string_view text(buffer, static_cast<size_t>(ptr - buffer));
  out += text;
  if (std::isfinite(value) && text.find('.') == std::string_view::npos) out += ".0";
}

void append_attribute_list(const AttributeList& list, std::string& out) {
  bool first = true;
  for (const Attribute& attribute : list.items()) {
    if (!first) out += ',';
    first = false;
    out += attribute.name;
    out += '=';
    const AttributeValue& value = attribute.value;
    switch (value.type) {
      case AttributeType::kDecimalInteger: {
        char buffer[24];
        auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value.integer);
        out.append(buffer, ptr);
        break;
      }
      case AttributeType::kDecimalFloat:
      case AttributeType::kSignedDecimalFloat:
        append_decimal_float(value.number, out);
        break;
      case AttributeType::kQuotedString:
        out += '"';
        out += value.text;
        out += '"';
        break;
      case AttributeType::kHexadecimalSequence:
      case AttributeType::kEnumeratedString:
        out += value.text;
        break;
      case AttributeType::kResolution: {
        // "0x480" would read back as a hexadecimal-sequence; "00x480" stays a resolution.
        if (value.resolution.width == 0) out += '0';
        char buffer[24];
        auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value.resolution.width);
        out.append(buffer, ptr);
        out += 'x';
        auto [ptr2, ec2] = std::to_chars(buffer, buffer + sizeof(buffer), value.resolution.height);
        out.append(buffer, ptr2);
        break;
      }
    }
  }
}

}  // namespace manifest
