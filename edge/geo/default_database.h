// Where the default country database lands when deploy/install-geo-db.sh installs it beside
// the binaries.
#pragma once

#include <string>

namespace edge::geo {

// <directory of the running executable>/../share/swipecdn/geo/country.mmdb; empty when the
// executable's path cannot be read.
std::string default_database_path();

}  // namespace edge::geo
