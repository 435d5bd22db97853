// The attribute-list reader: NAME=value pairs typed by their syntax, each attribute built in
// place in the list. One pass over each value classifies it by a byte table; the numbers of
// playlists (short integers, "29.970", "1920x1080") are read without from_chars.
#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <string>
#include <vector>

#include "manifest/attribute_list.h"
#include "manifest/parse_chunk.h"
#include "manifest/parse_decimal.h"

namespace manifest {

namespace {

// Byte classes of unquoted values, as bits of a table entry. The low two bits index the
// counts of digits, dots, 'x' and anything else; kNotInEnum marks bytes that no
// enumerated-string may hold.
constexpr uint8_t kDigit = 0;
constexpr uint8_t kDot = 1;
constexpr uint8_t kX = 2;
constexpr uint8_t kOther = 3;
constexpr uint8_t kClassMask = 3;
constexpr uint8_t kNotInEnum = 4;

consteval std::array<uint8_t, 256> make_value_classes() {
  std::array<uint8_t, 256> classes{};
  for (size_t c = 0; c < classes.size(); ++c) {
    uint8_t value = kOther;
    if (c >= '0' && c <= '9') value = kDigit;
    if (c == '.') value = kDot;
    if (c == 'x') value = kX;
    if (c == '"' || c == ' ' || c == '\t' || c < 0x20) value |= kNotInEnum;
    classes[c] = value;
  }
  return classes;
}
constexpr std::array<uint8_t, 256> kValueClasses = make_value_classes();

consteval std::array<bool, 256> make_name_chars() {
  std::array<bool, 256> name{};
  for (size_t c = 0; c < name.size(); ++c)
    name[c] = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  return name;
}
constexpr std::array<bool, 256> kNameChars = make_name_chars();

bool is_name_char(char c) {
  return kNameChars[static_cast<unsigned char>(c)];
}

// The first byte of [p, end) outside [A-Z0-9-], or end.
const char* skip_name(const char* p, const char* end) {
  while (static_cast<size_t>(end - p) >= kChunkSize) {
    const Chunk chunk = load_chunk(p);
    const Chunk name =
        ((chunk >= 'A') & (chunk <= 'Z')) | ((chunk >= '0') & (chunk <= '9')) | (chunk == '-');
    const size_t index = first_flagged(~name);
    if (index != kChunkSize) return p + index;
    p += kChunkSize;
  }
  while (p != end && is_name_char(*p))
    ++p;
  return p;
}

bool is_hex_digit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Reads all of `text` as an unsigned integer of type T. Up to kFastDigits digits cannot
// overflow and are summed directly; longer text (leading zeros, out of range) and empty text
// go to from_chars, which decides.
template <typename T, size_t kFastDigits>
bool parse_unsigned(std::string_view text, T& out) {
  if (!text.empty() && text.size() <= kFastDigits) {
    uint64_t digits = 0;
    if (scan_digits(text.data(), text.data() + text.size(), digits) != text.data() + text.size()) {
      return false;
    }
    out = static_cast<T>(digits);
    return true;
  }
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

bool parse_u64(std::string_view text, uint64_t& out) {
  return parse_unsigned<uint64_t, 19>(text, out);  // 10^19 - 1 < 2^64
}

bool parse_u32(std::string_view text, uint32_t& out) {
  return parse_unsigned<uint32_t, 9>(text, out);  // 10^9 - 1 < 2^32
}

// A decimal-float: digits with at most one dot after an optional minus.
std::expected<double, AttributeError> parse_float(std::string_view raw, bool negative) {
  const std::string_view body = negative ? raw.substr(1) : raw;
  ShortDecimal number;
  scan_decimal(body.data(), body.data() + body.size(), number);
  if (const std::optional<double> value = number.exact_value()) {
    return negative ? -*value : *value;
  }
  double value = 0;
  auto [ptr, ec] =
      std::from_chars(raw.data(), raw.data() + raw.size(), value, std::chars_format::fixed);
  if (ec != std::errc() || ptr != raw.data() + raw.size()) {
    return std::unexpected(AttributeError::kBadValue);
  }
  return value;
}

// An unquoted value, up to the next ',' from p; advances p to that comma (or end). Number-
// shaped text (a digit, '.' or '-' first) becomes a number or a resolution; what only looks
// like one stays an enumerated-string, except the malformed forms the header names (out of
// range, a resolution missing a side, bad hex).
std::expected<void, AttributeError> read_unquoted(const char*& p, const char* end,
                                                  AttributeValue& value) {
  const char* start = p;
  const bool negative = p != end && *p == '-';
  if (negative) ++p;
  std::array<size_t, 4> counts{};  // of the bytes after the minus, by class
  unsigned seen = 0;               // every class seen, or-ed
  for (; p != end && *p != ','; ++p) {
    const uint8_t byte_class = kValueClasses[static_cast<unsigned char>(*p)];
    ++counts[byte_class & kClassMask];
    seen |= byte_class;
  }
  const std::string_view raw(start, static_cast<size_t>(p - start));
  if (raw.empty()) return std::unexpected(AttributeError::kSyntax);
  if (raw.size() >= 2 && raw[0] == '0' && (raw[1] == 'x' || raw[1] == 'X')) {
    const std::string_view digits = raw.substr(2);
    if (digits.empty() || !std::all_of(digits.begin(), digits.end(), is_hex_digit)) {
      return std::unexpected(AttributeError::kBadValue);
    }
    value.type = AttributeType::kHexadecimalSequence;
    value.text.assign(raw);
    return {};
  }
  const std::string_view body = negative ? raw.substr(1) : raw;
  const size_t digits = counts[kDigit], dots = counts[kDot], xs = counts[kX];
  if (digits > 0 && counts[kOther] == 0) {
    if (xs == 0 && dots == 0 && !negative) {
      if (!parse_u64(body, value.integer)) return std::unexpected(AttributeError::kBadValue);
      value.type = AttributeType::kDecimalInteger;
      return {};
    }
    if (xs == 0 && dots <= 1) {
      auto number = parse_float(raw, negative);
      if (!number) return std::unexpected(number.error());
      value.number = *number;
      value.type = negative ? AttributeType::kSignedDecimalFloat : AttributeType::kDecimalFloat;
      return {};
    }
    if (xs == 1 && dots == 0 && !negative) {
      const size_t x = body.find('x');
      if (!parse_u32(body.substr(0, x), value.resolution.width) ||
          !parse_u32(body.substr(x + 1), value.resolution.height)) {
        return std::unexpected(AttributeError::kBadValue);
      }
      value.type = AttributeType::kResolution;
      return {};
    }
  }
  if ((seen & kNotInEnum) != 0) return std::unexpected(AttributeError::kSyntax);
  value.text.assign(raw);  // the type is kEnumeratedString already
  return {};
}

// The first of '"', CR and LF in [p, end), or end.
const char* find_quote_or_line_end(const char* p, const char* end) {
  while (static_cast<size_t>(end - p) >= kChunkSize) {
    const Chunk chunk = load_chunk(p);
    const size_t index = first_flagged((chunk == '"') | (chunk == '\r') | (chunk == '\n'));
    if (index != kChunkSize) return p + index;
    p += kChunkSize;
  }
  while (p != end && *p != '"' && *p != '\r' && *p != '\n')
    ++p;
  return p;
}

// A quoted-string whose opening quote is at p; advances p past the closing quote.
std::expected<void, AttributeError> read_quoted(const char*& p, const char* end,
                                                AttributeValue& value) {
  const char* content = p + 1;
  const char* stop = find_quote_or_line_end(content, end);
  if (stop == end || *stop != '"') {
    // A line end inside the quotes is a bad value, but only once the quote is closed.
    const bool closed = stop != end && std::memchr(stop, '"', static_cast<size_t>(end - stop));
    return std::unexpected(closed ? AttributeError::kBadValue : AttributeError::kUnterminatedQuote);
  }
  value.type = AttributeType::kQuotedString;
  value.text.assign(content, static_cast<size_t>(stop - content));
  p = stop + 1;
  return {};
}

// The error of a name that does not end in '=' or holds a byte outside [A-Z0-9-]: without
// an '=' before the next ',' (or with nothing before the '=') the list is not NAME=value
// pairs at all.
AttributeError name_error(const char* name, const char* end) {
  const char* p = name;
  while (p != end && *p != '=' && *p != ',')
    ++p;
  if (p == end || *p != '=' || p == name) return AttributeError::kSyntax;
  return AttributeError::kBadName;
}

// Room for every attribute a list may hold, judged by its '=' signs (quoted strings may hold
// more); bounded so that a line of '=' does not reserve far beyond its own size.
size_t attribute_estimate(std::string_view text, size_t max_attributes) {
  constexpr size_t kMaxReserve = 32;
  const char* p = text.data();
  const char* end = p + text.size();
  size_t equals = 0;
  for (; static_cast<size_t>(end - p) >= kChunkSize; p += kChunkSize)
    equals += count_flagged(load_chunk(p) == '=');
  equals += static_cast<size_t>(std::count(p, end, '='));
  return std::min({equals, max_attributes, kMaxReserve});
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
  std::vector<Attribute>& items = list.items_;
  items.reserve(attribute_estimate(text, max_attributes));
  const char* p = text.data();
  const char* end = p + text.size();
  size_t count = 0;
  while (p != end) {
    const char* name = p;
    p = skip_name(p, end);
    if (p == end || *p != '=' || p == name) return std::unexpected(name_error(name, end));
    if (++count > max_attributes) return std::unexpected(AttributeError::kTooManyAttributes);
    Attribute& attribute = items.emplace_back();
    attribute.name.assign(name, static_cast<size_t>(p - name));
    ++p;  // '='
    if (p != end && *p == '"') {
      auto quoted = read_quoted(p, end, attribute.value);
      if (!quoted) return std::unexpected(quoted.error());
      if (p != end && *p != ',') return std::unexpected(AttributeError::kSyntax);
    } else {
      auto unquoted = read_unquoted(p, end, attribute.value);
      if (!unquoted) return std::unexpected(unquoted.error());
    }
    if (p != end) {
      ++p;  // ','
      if (p == end) return std::unexpected(AttributeError::kSyntax);
    }
  }
  if (has_duplicate_names(items)) return std::unexpected(AttributeError::kDuplicateName);
  return list;
}

}  // namespace manifest
