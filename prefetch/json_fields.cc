// The field readers of json_fields.h.
#include "prefetch/json_fields.h"

#include <cmath>

#include "prefetch/hint.h"

namespace prefetch::fields {

using nlohmann::json;

const std::string* name(const json& object, const char* field) {
  auto it = object.find(field);
  if (it == object.end() || !it->is_string()) return nullptr;
  const auto& text = it->get_ref<const std::string&>();
  return is_valid_name(text) ? &text : nullptr;
}

std::optional<int64_t> integer(const json& object, const char* field, int64_t min, int64_t max) {
  auto it = object.find(field);
  if (it == object.end()) return std::nullopt;
  int64_t value = 0;
  if (it->is_number_unsigned()) {
    auto big = it->get<uint64_t>();
    if (max < 0 || big > static_cast<uint64_t>(max)) return std::nullopt;
    value = static_cast<int64_t>(big);
  } else if (it->is_number_integer()) {
    value = it->get<int64_t>();
  } else {
    return std::nullopt;
  }
  if (value < min || value > max) return std::nullopt;
  return value;
}

std::optional<double> probability(const json& object, const char* field) {
  auto it = object.find(field);
  if (it == object.end() || !it->is_number()) return std::nullopt;
  auto value = it->get<double>();
  if (!std::isfinite(value) || value < 0 || value > 1) return std::nullopt;
  return value;
}

std::optional<std::vector<std::string>> names(const json& object, const char* field,
                                              std::size_t max) {
  auto it = object.find(field);
  if (it == object.end() || !it->is_array()) return std::nullopt;
  // The array itself, not the json around it: GCC's optimiser cannot see that json::size()
  // of a value known to be an array never dereferences a null pointer, and warns.
  const auto& list = it->get_ref<const json::array_t&>();
  if (list.empty() || list.size() > max) return std::nullopt;
  std::vector<std::string> out;
  out.reserve(list.size());
  for (const json& entry : list) {
    if (!entry.is_string() || !is_valid_name(entry.get_ref<const std::string&>()))
      return std::nullopt;
    out.push_back(entry.get<std::string>());
  }
  return out;
}

}  // namespace prefetch::fields
