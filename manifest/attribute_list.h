// Attribute lists (RFC 8216bis section 4.2): the NAME=value,... payload of most HLS tags,
// kept in source order with each value's type, so unknown and client (X-) attributes
// survive a parse/write round trip.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace manifest {

struct Resolution {
  uint32_t width = 0;
  uint32_t height = 0;
  bool operator==(const Resolution&) const = default;
};

// The value types of section 4.2. The type is read off the syntax: quotes make a
// quoted-string, 0x a hexadecimal-sequence, WxH a resolution, digits an integer, digits with
// a dot a float, a leading minus a signed float, anything else an enumerated-string.
enum class AttributeType : uint8_t {
  kDecimalInteger,
  kHexadecimalSequence,
  kDecimalFloat,
  kSignedDecimalFloat,
  kQuotedString,
  kEnumeratedString,
  kResolution,
};

struct AttributeValue {
  AttributeType type = AttributeType::kEnumeratedString;
  std::string text;  // quoted-string content, enumerated-string, or hex digits with "0x"
  uint64_t integer = 0;
  double number = 0;
  Resolution resolution;

  static AttributeValue integer_value(uint64_t v);
  static AttributeValue float_value(double v);  // signed type when v < 0
  static AttributeValue string_value(std::string v);
  static AttributeValue enum_value(std::string v);
  static AttributeValue hex_value(std::string v);  // v includes the 0x prefix
  static AttributeValue resolution_value(Resolution v);
  bool operator==(const AttributeValue&) const = default;
};

enum class AttributeError : uint8_t;  // below, with the parser

struct Attribute {
  std::string name;
  AttributeValue value;
  bool operator==(const Attribute&) const = default;
};

class AttributeList {
 public:
  // The value named `name`, or nullptr when absent.
  const AttributeValue* find(std::string_view name) const;
  bool contains(std::string_view name) const { return find(name) != nullptr; }
  // Typed reads: nullopt when absent or of another type. get_number accepts integers too.
  std::optional<uint64_t> get_integer(std::string_view name) const;
  std::optional<double> get_number(std::string_view name) const;
  std::optional<std::string_view> get_string(std::string_view name) const;
  std::optional<std::string_view> get_enum(std::string_view name) const;
  std::optional<Resolution> get_resolution(std::string_view name) const;
  // Replaces the value of an existing attribute in place, or appends a new one.
  void set(std::string_view name, AttributeValue value);
  // Removes `name`; false when it was absent.
  bool erase(std::string_view name);
  // Appends without looking for an existing `name`: for builders that already know the
  // names are unique (the parser checks them in O(n log n) for long lists).
  void append(std::string name, AttributeValue value);
  const std::vector<Attribute>& items() const { return items_; }
  bool empty() const { return items_.empty(); }
  bool operator==(const AttributeList&) const = default;

 private:
  // The parser builds each attribute in place.
  friend std::expected<AttributeList, AttributeError> parse_attribute_list(std::string_view text,
                                                                           size_t max_attributes);
  std::vector<Attribute> items_;
};

enum class AttributeError : uint8_t {
  kSyntax,             // not NAME=value pairs separated by commas
  kBadName,            // a name outside [A-Z0-9-]
  kUnterminatedQuote,  // a quoted-string without its closing quote
  kBadValue,           // a number out of range or a malformed resolution or hex sequence
  kDuplicateName,      // the same name twice in one list
  kTooManyAttributes,  // more than the caller's limit
};

// Parses an attribute list. Linear in the input; no allocation beyond the result.
std::expected<AttributeList, AttributeError> parse_attribute_list(std::string_view text,
                                                                  size_t max_attributes);

// Appends the canonical text of `list` to `out`.
void append_attribute_list(const AttributeList& list, std::string& out);

// Appends a decimal float in its shortest form that reads back to the same double, always
// with a decimal point so that it stays a float.
void append_decimal_float(double value, std::string& out);

std::string_view to_string(AttributeError error);

}  // namespace manifest
