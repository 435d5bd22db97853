// Where an address is, as the edge routes by it.
#pragma once

#include <string>

namespace edge::geo {

struct GeoPlace {
  std::string country;    // ISO 3166-1 alpha-2, upper case ("DE")
  std::string continent;  // AF AN AS EU NA OC SA; empty when the database has none
  bool operator==(const GeoPlace&) const = default;
};

}  // namespace edge::geo
