// The canonical text of attribute lists, which reads back to the same types and values. The
// reader is in parse_attributes.cc.
#include <charconv>
#include <cmath>
#include <string>

#include "manifest/attribute_list.h"

namespace manifest {

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
