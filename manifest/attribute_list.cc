// Attribute lists: the typed values, the ordered list and its accessors. Reading and writing
// their text is in attribute_text.cc.
#include "manifest/attribute_list.h"

#include <algorithm>
#include <cmath>

namespace manifest {

AttributeValue AttributeValue::integer_value(uint64_t v) {
  AttributeValue value;
  value.type = AttributeType::kDecimalInteger;
  value.integer = v;
  return value;
}

AttributeValue AttributeValue::float_value(double v) {
  AttributeValue value;
  // signbit rather than v < 0: -0.0 is written "-0.0", which reads back as a signed float.
  value.type = std::signbit(v) ? AttributeType::kSignedDecimalFloat : AttributeType::kDecimalFloat;
  value.number = v;
  return value;
}

AttributeValue AttributeValue::string_value(std::string v) {
  AttributeValue value;
  value.type = AttributeType::kQuotedString;
  value.text = std::move(v);
  return value;
}

AttributeValue AttributeValue::enum_value(std::string v) {
  AttributeValue value;
  value.type = AttributeType::kEnumeratedString;
  value.text = std::move(v);
  return value;
}

AttributeValue AttributeValue::hex_value(std::string v) {
  AttributeValue value;
  value.type = AttributeType::kHexadecimalSequence;
  value.text = std::move(v);
  return value;
}

AttributeValue AttributeValue::resolution_value(Resolution v) {
  AttributeValue value;
  value.type = AttributeType::kResolution;
  value.resolution = v;
  return value;
}

const AttributeValue* AttributeList::find(std::string_view name) const {
  for (const Attribute& attribute : items_) {
    if (attribute.name == name) return &attribute.value;
  }
  return nullptr;
}

std::optional<uint64_t> AttributeList::get_integer(std::string_view name) const {
  const AttributeValue* value = find(name);
  if (value == nullptr || value->type != AttributeType::kDecimalInteger) return std::nullopt;
  return value->integer;
}

std::optional<double> AttributeList::get_number(std::string_view name) const {
  const AttributeValue* value = find(name);
  if (value == nullptr) return std::nullopt;
  switch (value->type) {
    case AttributeType::kDecimalInteger:
      return static_cast<double>(value->integer);
    case AttributeType::kDecimalFloat:
    case AttributeType::kSignedDecimalFloat:
      return value->number;
    default:
      return std::nullopt;
  }
}

std::optional<std::string_view> AttributeList::get_string(std::string_view name) const {
  const AttributeValue* value = find(name);
  if (value == nullptr || value->type != AttributeType::kQuotedString) return std::nullopt;
  return std::string_view(value->text);
}

std::optional<std::string_view> AttributeList::get_enum(std::string_view name) const {
  const AttributeValue* value = find(name);
  if (value == nullptr || value->type != AttributeType::kEnumeratedString) return std::nullopt;
  return std::string_view(value->text);
}

std::optional<Resolution> AttributeList::get_resolution(std::string_view name) const {
  const AttributeValue* value = find(name);
  if (value == nullptr || value->type != AttributeType::kResolution) return std::nullopt;
  return value->resolution;
}

void AttributeList::set(std::string_view name, AttributeValue value) {
  for (Attribute& attribute : items_) {
    if (attribute.name == name) {
      attribute.value = std::move(value);
      return;
    }
  }
  items_.push_back(Attribute{std::string(name), std::move(value)});
}

bool AttributeList::erase(std::string_view name) {
  auto it = std::find_if(items_.begin(), items_.end(),
                         [name](const Attribute& attribute) { return attribute.name == name; });
  if (it == items_.end()) return false;
  items_.erase(it);
  return true;
}

void AttributeList::append(std::string name, AttributeValue value) {
  items_.push_back(Attribute{std::move(name), std::move(value)});
}

std::string_view to_string(AttributeError error) {
  switch (error) {
    case AttributeError::kSyntax:
      return "not NAME=value pairs separated by commas";
    case AttributeError::kBadName:
      return "attribute name outside [A-Z0-9-]";
    case AttributeError::kUnterminatedQuote:
      return "quoted-string without its closing quote";
    case AttributeError::kBadValue:
      return "malformed or out-of-range attribute value";
    case AttributeError::kDuplicateName:
      return "attribute name appears twice";
    case AttributeError::kTooManyAttributes:
      return "too many attributes";
  }
  return "unknown attribute error";
}

}  // namespace manifest
