// GeoMetrics: the families and the one-time lookups of every series.
#include "edge/geo/geo_metrics.h"

namespace edge::geo {
namespace {

using core::metrics::FamilySpec;
using core::metrics::Kind;

constexpr std::string_view kResultLabels[] = {"result"};

constexpr FamilySpec kLoaded{"edge_geo_database_loaded",
                             "1 when a geo database is in use, 0 when viewers are served "
                             "without one.",
                             Kind::kGauge};
constexpr FamilySpec kBuildEpoch{"edge_geo_database_build_epoch",
                                 "Build time of the geo database in use, Unix seconds (its "
                                 "metadata's build_epoch).",
                                 Kind::kGauge};
constexpr FamilySpec kReloads{"edge_geo_reloads_total",
                              "Loads of the geo database file, by result (ok, error: missing "
                              "or invalid, the previous database kept).",
                              Kind::kCounter, kResultLabels};
constexpr FamilySpec kLookups{"edge_geo_lookups_total",
                              "Geo lookups of viewer addresses, by result (found, unknown, "
                              "no_database).",
                              Kind::kCounter, kResultLabels};

}  // namespace

std::string_view to_label(LookupResult result) {
  constexpr std::string_view kLabels[] = {"found", "unknown", "no_database"};
  return kLabels[static_cast<size_t>(result)];
}

std::string_view to_label(ReloadResult result) {
  constexpr std::string_view kLabels[] = {"ok", "error"};
  return kLabels[static_cast<size_t>(result)];
}

GeoMetrics::GeoMetrics(core::metrics::Registry& registry)
    : loaded_(registry.gauge(kLoaded)), build_epoch_(registry.gauge(kBuildEpoch)) {
  for (size_t i = 0; i < kLookupResultCount; ++i)
    lookups_[i] = &registry.counter(kLookups, {to_label(static_cast<LookupResult>(i))});
  for (size_t i = 0; i < kReloadResultCount; ++i)
    reloads_[i] = &registry.counter(kReloads, {to_label(static_cast<ReloadResult>(i))});
}

void GeoMetrics::loaded(uint64_t build_epoch) {
  loaded_.set(1);
  build_epoch_.set(static_cast<int64_t>(build_epoch));
}

}  // namespace edge::geo
