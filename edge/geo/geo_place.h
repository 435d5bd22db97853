// Where an address is, as the edge routes by it.
#pragma once

#include <string>

namespace edge::geo {

struct GeoPlace {
  std::string country;    // ISO 3166-1 alpha-2, upper case ("DE")
  std::string continent;  // AF AN AS EU NA OC SA: the record's, else the country's; may be empty
  bool operator==(const GeoPlace&) const = default;
};

}  // namespace edge::geo
