// Headers: a small ordered field list with case-insensitive lookups.
#include "core/http/headers.h"

#include <algorithm>

namespace core::http {
namespace {

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

bool equals_ignore_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

std::string_view trim_ows(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

void Headers::add(std::string_view name, std::string_view value) {
  Header& field = items_.emplace_back();
  field.name.assign(name);
  std::transform(field.name.begin(), field.name.end(), field.name.begin(), lower);
  field.value.assign(value);
}

// In place when the field is there: no shifting of the fields after it, no reallocation.
void Headers::set(std::string_view name, std::string_view value) {
  auto named = [name](const Header& h) { return equals_ignore_case(h.name, name); };
  auto first = std::find_if(items_.begin(), items_.end(), named);
  if (first == items_.end()) {
    add(name, value);
    return;
  }
  first->value.assign(value);
  items_.erase(std::remove_if(std::next(first), items_.end(), named), items_.end());
}

size_t Headers::remove(std::string_view name) {
  return std::erase_if(items_, [&](const Header& h) { return equals_ignore_case(h.name, name); });
}

std::optional<std::string_view> Headers::get(std::string_view name) const {
  for (const Header& h : items_) {
    if (equals_ignore_case(h.name, name)) return h.value;
  }
  return std::nullopt;
}

std::optional<std::string> Headers::get_combined(std::string_view name) const {
  std::optional<std::string> out;
  for (const Header& h : items_) {
    if (!equals_ignore_case(h.name, name)) continue;
    if (out) {
      out->append(", ").append(h.value);
    } else {
      out = h.value;
    }
  }
  return out;
}

}  // namespace core::http
