// Reading a GeoPlace out of a MaxMind DB record, whichever of the layouts it has:
// GeoLite2-Country/City (country.iso_code, registered_country.iso_code, continent.code) or
// ip-location-db's country databases (country_code).
#pragma once

#include <maxminddb.h>

#include <optional>

#include "edge/geo/geo_place.h"

namespace edge::geo {

// The place of a found entry; nullopt when it names no valid country. The country is
// country.iso_code, else registered_country.iso_code (GeoLite2 leaves country out for some
// ranges), else country_code. The continent is continent.code when it is one of the seven, else
// the country's continent.
std::optional<GeoPlace> read_place(const MMDB_entry_s& entry);

}  // namespace edge::geo
