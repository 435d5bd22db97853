// A MaxMind DB (GeoLite2-Country/City, or ip-location-db's country databases) opened from a
// private copy of its file, so that whatever later happens to the file cannot reach the data
// in use. Lookups are read-only and thread-safe.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/unique_handle.h"
#include "edge/geo/geo_place.h"

struct MMDB_s;

namespace edge::geo {

void close_mmdb(MMDB_s* mmdb);

class GeoDatabase {
 public:
  // Copies the file at `path` into memory and opens the copy. A missing, unreadable, empty,
  // truncated or otherwise invalid database is an error naming the path and the reason.
  static std::expected<GeoDatabase, std::string> open(const std::string& path);

  // The place of an IPv4 or IPv6 address, `address` being a whole sockaddr_in or sockaddr_in6
  // (an IPv4-mapped IPv6 address is looked up as IPv4); nullopt when the database has no
  // country for it or the family is another. Thread-safe.
  std::optional<GeoPlace> lookup(const sockaddr& address) const;
  // The same for an address as text ("192.0.2.1", "2001:db8::1"); nullopt when not an IP.
  std::optional<GeoPlace> lookup(std::string_view ip) const;

  // When the database was built, Unix seconds (its metadata's build_epoch).
  uint64_t build_epoch() const;
  // Its metadata's database_type ("GeoLite2-Country", "country", ...).
  std::string_view database_type() const;

 private:
  explicit GeoDatabase(core::base::UniqueHandle<MMDB_s, close_mmdb> mmdb);

  core::base::UniqueHandle<MMDB_s, close_mmdb> mmdb_;
};

}  // namespace edge::geo
