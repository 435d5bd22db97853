// Field lookups with MMDB_aget_value; the strings it returns are not NUL-terminated.
#include "edge/geo/place_record.h"

#include <array>
#include <string>
#include <string_view>

#include "edge/geo/country_continent.h"

namespace edge::geo {
namespace {

std::optional<std::string_view> string_at(const MMDB_entry_s& entry, const char* const* path) {
  MMDB_entry_s start = entry;  // MMDB_aget_value takes a mutable entry
  MMDB_entry_data_s data{};
  if (MMDB_aget_value(&start, &data, path) != MMDB_SUCCESS || !data.has_data ||
      data.type != MMDB_DATA_TYPE_UTF8_STRING) {
    return std::nullopt;
  }
  return std::string_view(data.utf8_string, data.data_size);
}

bool is_ascii_letter(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

std::optional<std::string> country_code(std::string_view text) {
  if (text.size() != 2 || !is_ascii_letter(text[0]) || !is_ascii_letter(text[1])) {
    return std::nullopt;
  }
  std::string code(text);
  for (char& c : code) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return code;
}

constexpr std::array<std::string_view, 7> kContinents = {"AF", "AN", "AS", "EU", "NA", "OC", "SA"};

}  // namespace

std::optional<GeoPlace> read_place(const MMDB_entry_s& entry) {
  static constexpr const char* kCountry[] = {"country", "iso_code", nullptr};
  static constexpr const char* kRegistered[] = {"registered_country", "iso_code", nullptr};
  static constexpr const char* kFlatCountry[] = {"country_code", nullptr};
  static constexpr const char* kContinent[] = {"continent", "code", nullptr};

  std::optional<std::string> country;
  for (const char* const* path : {kCountry, kRegistered, kFlatCountry}) {
    if (auto text = string_at(entry, path)) country = country_code(*text);
    if (country) break;
  }
  if (!country) return std::nullopt;
  GeoPlace place{.country = std::move(*country), .continent = {}};
  if (auto continent = string_at(entry, kContinent)) {
    for (std::string_view known : kContinents) {
      if (*continent == known) place.continent = known;
    }
  }
  if (place.continent.empty()) place.continent = continent_of_country(place.country);
  return place;
}

}  // namespace edge::geo
