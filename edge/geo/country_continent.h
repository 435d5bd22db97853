// The continent of a country, for databases whose records carry a country only (ip-location-db's
// country_code layout): routing by continent then works with them too.
#pragma once

#include <string_view>

namespace edge::geo {

// The continent code (AF AN AS EU NA OC SA) of an upper-case ISO 3166-1 alpha-2 country code,
// as GeoNames assigns them (Russia in Europe, Turkey in Asia), and XK (Kosovo), which GeoNames
// and GeoLite2 use. Empty for any other text.
std::string_view continent_of_country(std::string_view country);

}  // namespace edge::geo
