// Field storage of a parsed head: a few inline slots, then a vector reused across messages.
#include "core/http1/header_fields.h"

#include "core/http1/field_rules.h"

namespace core::http1 {

HeaderField HeaderFields::operator[](size_t i) const {
  const Span& s = span(i);
  return {std::string_view(base_ + s.name_begin, s.name_size),
          std::string_view(base_ + s.value_begin, s.value_size)};
}

std::optional<std::string_view> HeaderFields::find(std::string_view name) const {
  for (const HeaderField field : *this) {
    if (equals_ignore_case(field.name, name)) return field.value;
  }
  return std::nullopt;
}

size_t HeaderFields::count(std::string_view name) const {
  size_t n = 0;
  for (const HeaderField field : *this) {
    if (equals_ignore_case(field.name, name)) ++n;
  }
  return n;
}

void HeaderFields::clear() {
  base_ = nullptr;
  size_ = 0;
  overflow_.clear();
}

void HeaderFields::add(const Span& span) {
  if (size_ < kInline) {
    inline_[size_] = span;
  } else {
    overflow_.push_back(span);
  }
  ++size_;
}

}  // namespace core::http1
