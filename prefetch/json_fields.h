// Field readers shared by the hint and region feed parsers (internal to prefetch/). Each
// returns the value, or nothing when the field is missing or not of the required kind; the
// caller names the field in its error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace prefetch::fields {

// A name as is_valid_name() accepts it.
const std::string* name(const nlohmann::json& object, const char* field);
// An integer in [min, max]; a float such as 3.0 is not an integer.
std::optional<int64_t> integer(const nlohmann::json& object, const char* field, int64_t min,
                               int64_t max);
// A finite number in [0, 1].
std::optional<double> probability(const nlohmann::json& object, const char* field);
// An array of 1..max names.
std::optional<std::vector<std::string>> names(const nlohmann::json& object, const char* field,
                                              std::size_t max);

}  // namespace prefetch::fields
