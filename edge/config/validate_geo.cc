// Checks of the geo routing settings: the policy, the regions and the PoPs they refer to.
#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <string>

#include "core/client/origin_url.h"
#include "edge/config/settings.h"
#include "edge/config/validate.h"

namespace edge::config {
namespace {

constexpr std::array<std::string_view, 7> kContinents = {"AF", "AN", "AS", "EU", "NA", "OC", "SA"};

ConfigError error(std::string key, std::string value, std::string reason) {
  return ConfigError{std::move(key), std::move(value), std::move(reason), ""};
}

// PoP names are content steering pathway IDs, whose characters HLS limits; regions share the
// rule so that they can be named in URLs and metrics labels as they are.
bool is_name(std::string_view name) {
  return !name.empty() && name.size() <= 64 && std::ranges::all_of(name, [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == '-';
  });
}

bool is_country(std::string_view code) {
  return code.size() == 2 && std::ranges::all_of(code, [](char c) { return c >= 'A' && c <= 'Z'; });
}

// "https://fra.example", "http://10.0.1.2:8081", "http://[fd00::2]:8081/": where viewers reach
// a PoP. Names are fine here: players resolve them, the edge only writes them into playlists.
bool is_base_url(std::string_view url) {
  std::string_view rest;
  if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else if (url.starts_with("https://")) {
    rest = url.substr(8);
  } else {
    return false;
  }
  if (rest.ends_with('/')) rest.remove_suffix(1);
  if (rest.empty()) return false;
  return std::ranges::none_of(rest, [](char c) {
    return c <= ' ' || c == '/' || c == '?' || c == '#' || c == '@' || c == '\\' || c == 0x7f;
  });
}

std::expected<void, ConfigError> validate_regions(const std::vector<GeoRegion>& regions) {
  std::set<std::string_view> names;
  for (size_t i = 0; i < regions.size(); ++i) {
    const GeoRegion& region = regions[i];
    std::string key = std::string(kGeoRegionsKey) + "[" + std::to_string(i) + "]";
    if (!is_name(region.name))
      return std::unexpected(error(key + ".name", region.name, "not a name (A-Z a-z 0-9 . _ -)"));
    if (!names.insert(region.name).second)
      return std::unexpected(error(key + ".name", region.name, "declared twice"));
    for (const std::string& country : region.countries) {
      if (!is_country(country)) {
        return std::unexpected(
            error(key + ".countries", country, "not an ISO 3166-1 alpha-2 code (\"DE\")"));
      }
    }
    for (const std::string& continent : region.continents) {
      if (std::ranges::find(kContinents, continent) == kContinents.end()) {
        return std::unexpected(
            error(key + ".continents", continent, "not a continent code (AF AN AS EU NA OC SA)"));
      }
    }
  }
  return {};
}

std::expected<void, ConfigError> validate_pops(const GeoSettings& geo, std::string_view local) {
  std::set<std::string_view> names;
  for (size_t i = 0; i < geo.pops.size(); ++i) {
    const GeoPop& pop = geo.pops[i];
    std::string key = std::string(kGeoPopsKey) + "[" + std::to_string(i) + "]";
    if (!is_name(pop.name))
      return std::unexpected(error(key + ".name", pop.name, "not a name (A-Z a-z 0-9 . _ -)"));
    if (!names.insert(pop.name).second)
      return std::unexpected(error(key + ".name", pop.name, "declared twice"));
    if (!is_base_url(pop.url)) {
      return std::unexpected(
          error(key + ".url", pop.url, "not an http(s)://host[:port] base URL without a path"));
    }
    // Another PoP that cannot be checked would look up forever and keep getting viewers.
    const std::string& health = pop.health_url.empty() ? pop.url : pop.health_url;
    if (auto checkable = core::client::parse_origin_url(health);
        !checkable && (!pop.health_url.empty() || pop.name != local)) {
      return std::unexpected(error(key + (pop.health_url.empty() ? ".url" : ".health_url"), health,
                                   "cannot be health-checked: give health_url = "
                                   "\"http://IP:port\" (" +
                                       checkable.error() + ")"));
    }
    for (const std::string& region : pop.regions) {
      if (std::ranges::none_of(geo.regions, [&](const GeoRegion& r) { return r.name == region; }))
        return std::unexpected(error(key + ".regions", region, "no [[geo.region]] has this name"));
    }
  }
  if (!geo.pops.empty() && !names.contains(local)) {
    return std::unexpected(
        error("pop", std::string(local), "this PoP is not one of the [[geo.pop]] tables"));
  }
  return {};
}

}  // namespace

std::expected<void, ConfigError> validate_geo(const GeoSettings& geo, std::string_view local_pop) {
  if (geo.policy != "local" && geo.policy != "redirect" && geo.policy != "steer")
    return std::unexpected(error("geo.policy", geo.policy, "not local, redirect or steer"));
  if (geo.steering_ttl.count() % 1000 != 0) {
    return std::unexpected(error("geo.steering_ttl",
                                 std::to_string(geo.steering_ttl.count()) + "ms",
                                 "not a whole number of seconds"));
  }
  if (auto regions = validate_regions(geo.regions); !regions) return regions;
  if (auto pops = validate_pops(geo, local_pop); !pops) return pops;
  if (geo.policy != "local" && geo.pops.size() < 2) {
    return std::unexpected(
        error("geo.policy", geo.policy, "needs the fleet's PoPs: at least two [[geo.pop]] tables"));
  }
  return {};
}

}  // namespace edge::config
