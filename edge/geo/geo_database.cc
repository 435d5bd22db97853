// Opening checks more than MMDB_open does: MMDB_open reads the metadata and sizes, then a few
// lookups walk the search tree and decode whole records, so a file that is corrupt past its
// metadata is refused at open rather than met by viewers' lookups.
#include "edge/geo/geo_database.h"

#include <arpa/inet.h>
#include <maxminddb.h>
#include <netinet/in.h>

#include <array>
#include <cstring>
#include <utility>

#include "edge/geo/place_record.h"
#include "edge/geo/private_copy.h"

namespace edge::geo {
namespace {

// Addresses whose lookup and record must decode: public resolvers, which real databases place,
// and loopback, which test databases do.
constexpr std::array<std::string_view, 4> kProbeAddresses = {"8.8.8.8", "1.1.1.1", "127.0.0.1",
                                                             "2001:4860:4860::8888"};

// An IPv4-mapped IPv6 address becomes the IPv4 address: databases keep IPv4 under ::/96 and
// alias ::ffff:0:0/96 to it only when their writer was told to.
sockaddr_in unmapped(const sockaddr_in6& v6) {
  sockaddr_in v4{};
  v4.sin_family = AF_INET;
  std::memcpy(&v4.sin_addr, v6.sin6_addr.s6_addr + 12, 4);
  return v4;
}

std::optional<sockaddr_storage> parse_ip(std::string_view ip) {
  if (ip.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  std::array<char, INET6_ADDRSTRLEN> text{};
  std::memcpy(text.data(), ip.data(), ip.size());
  sockaddr_storage storage{};
  auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
  if (inet_pton(AF_INET, text.data(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    return storage;
  }
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
  if (inet_pton(AF_INET6, text.data(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    return storage;
  }
  return std::nullopt;
}

// The error of looking up `ip` and decoding its whole record, if any.
std::optional<std::string> check_record(const MMDB_s& mmdb, std::string_view ip) {
  const auto address = parse_ip(ip);
  if (!address) return "bad probe address";
  int mmdb_error = MMDB_SUCCESS;
  MMDB_lookup_result_s result =
      MMDB_lookup_sockaddr(&mmdb, reinterpret_cast<const sockaddr*>(&*address), &mmdb_error);
  if (mmdb_error == MMDB_IPV6_LOOKUP_IN_IPV4_DATABASE_ERROR) return std::nullopt;
  if (mmdb_error != MMDB_SUCCESS) return MMDB_strerror(mmdb_error);
  if (!result.found_entry) return std::nullopt;
  MMDB_entry_data_list_s* list = nullptr;
  const int status = MMDB_get_entry_data_list(&result.entry, &list);
  MMDB_free_entry_data_list(list);
  if (status != MMDB_SUCCESS) return MMDB_strerror(status);
  return std::nullopt;
}

}  // namespace

void close_mmdb(MMDB_s* mmdb) {
  MMDB_close(mmdb);
  delete mmdb;
}

GeoDatabase::GeoDatabase(core::base::UniqueHandle<MMDB_s, close_mmdb> mmdb)
    : mmdb_(std::move(mmdb)) {}

std::expected<GeoDatabase, std::string> GeoDatabase::open(const std::string& path) {
  auto fail = [&path](std::string_view reason) {
    return std::unexpected(path + ": " + std::string(reason));
  };
  auto copy = copy_to_sealed_memory(path);
  if (!copy) return fail(copy.error());

  // MMDB_close is only for a database MMDB_open succeeded on, hence the raw struct until then.
  auto opened = std::make_unique<MMDB_s>();
  const int status =
      MMDB_open(path_of_descriptor(copy->get()).c_str(), MMDB_MODE_MMAP, opened.get());
  if (status != MMDB_SUCCESS) return fail(MMDB_strerror(status));
  GeoDatabase database{core::base::UniqueHandle<MMDB_s, close_mmdb>(opened.release())};

  const MMDB_metadata_s& metadata = database.mmdb_->metadata;
  if ((metadata.ip_version != 4 && metadata.ip_version != 6) || metadata.node_count == 0) {
    return fail("not a usable MaxMind DB (IP version or node count)");
  }
  for (std::string_view probe : kProbeAddresses) {
    if (auto error = check_record(*database.mmdb_, probe)) return fail(*error);
  }
  return database;
}

std::optional<GeoPlace> GeoDatabase::lookup(const sockaddr& address) const {
  sockaddr_in v4{};
  const sockaddr* query = &address;
  if (address.sa_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
    if (IN6_IS_ADDR_V4MAPPED(&v6.sin6_addr)) {
      v4 = unmapped(v6);
      query = reinterpret_cast<const sockaddr*>(&v4);
    }
  } else if (address.sa_family != AF_INET) {
    return std::nullopt;
  }
  int mmdb_error = MMDB_SUCCESS;
  MMDB_lookup_result_s result = MMDB_lookup_sockaddr(mmdb_.get(), query, &mmdb_error);
  if (mmdb_error != MMDB_SUCCESS || !result.found_entry) return std::nullopt;
  return read_place(result.entry);
}

std::optional<GeoPlace> GeoDatabase::lookup(std::string_view ip) const {
  const auto address = parse_ip(ip);
  if (!address) return std::nullopt;
  return lookup(reinterpret_cast<const sockaddr&>(*address));
}

uint64_t GeoDatabase::build_epoch() const {
  return mmdb_->metadata.build_epoch;
}

std::string_view GeoDatabase::database_type() const {
  const char* type = mmdb_->metadata.database_type;
  return type == nullptr ? std::string_view() : std::string_view(type);
}

}  // namespace edge::geo
