// The geo database's metrics, declared once: whether one is loaded and how old, reloads, and
// lookups. Process-wide: reloads happen on the watcher's thread, lookups on every event loop.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/metrics/registry.h"

namespace edge::geo {

// How a lookup ended, as the `result` label names it.
enum class LookupResult : uint8_t {
  kFound,       // "found": the database placed the address in a country
  kUnknown,     // "unknown": the database has no country for it
  kNoDatabase,  // "no_database": no database is loaded
};
inline constexpr size_t kLookupResultCount = 3;
std::string_view to_label(LookupResult result);

// How a load of the database file ended, as the `result` label names it.
enum class ReloadResult : uint8_t {
  kOk,     // "ok": loaded and in use
  kError,  // "error": missing or invalid; the previous database, if any, stays in use
};
inline constexpr size_t kReloadResultCount = 2;
std::string_view to_label(ReloadResult result);

class GeoMetrics {
 public:
  explicit GeoMetrics(core::metrics::Registry& registry);
  GeoMetrics(const GeoMetrics&) = delete;
  GeoMetrics& operator=(const GeoMetrics&) = delete;

  void lookup(LookupResult result) { lookups_[static_cast<size_t>(result)]->inc(); }
  void reload(ReloadResult result) { reloads_[static_cast<size_t>(result)]->inc(); }
  // The database now in use: its build time, Unix seconds.
  void loaded(uint64_t build_epoch);

  uint64_t lookups(LookupResult result) const {
    return lookups_[static_cast<size_t>(result)]->value();
  }
  uint64_t reloads(ReloadResult result) const {
    return reloads_[static_cast<size_t>(result)]->value();
  }
  bool database_loaded() const { return loaded_.value() != 0; }
  int64_t build_epoch() const { return build_epoch_.value(); }

 private:
  std::array<core::metrics::Counter*, kLookupResultCount> lookups_{};
  std::array<core::metrics::Counter*, kReloadResultCount> reloads_{};
  core::metrics::Gauge& loaded_;
  core::metrics::Gauge& build_epoch_;
};

}  // namespace edge::geo
