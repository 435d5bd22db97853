// The fleet as one edge sees it: regions (by country, then continent), the PoPs serving them,
// and the order in which a viewer should use the PoPs. Pure: no I/O, no clock.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "edge/geo/geo_place.h"

namespace edge::routing {

struct Region {
  std::string name;
  std::vector<std::string> countries;   // ISO 3166-1 alpha-2
  std::vector<std::string> continents;  // AF AN AS EU NA OC SA
};

struct Pop {
  std::string name;                  // also its content steering pathway ID
  std::vector<std::string> regions;  // names of regions
  std::string url;                   // base URL viewers reach it at, without a trailing '/'
  std::string health_url;            // http://IP:port of its /healthz; empty: not checked
};

// Where the geo database places a viewer; empty strings when it does not know.
using Place = geo::GeoPlace;

// What a player reported with its steering request (_HLS_pathway, _HLS_throughput).
struct PlayerReport {
  std::string pathway;      // empty when not sent
  int64_t throughput = -1;  // bits per second; -1 when not sent
};

enum class PopState : uint8_t { kUp, kDraining, kDown };
std::string_view to_label(PopState state);

class PopTable {
 public:
  // `local` names this edge's PoP; with no PoPs the table holds the local PoP alone.
  PopTable(std::vector<Region> regions, std::vector<Pop> pops, std::string_view local);

  size_t size() const { return pops_.size(); }
  const Pop& pop(size_t i) const { return pops_[i]; }
  size_t local() const { return local_; }
  // The index of the PoP named `name`, or size() when there is none.
  size_t find(std::string_view name) const;

  // The region of a viewer at `place`: the first that lists its country, else the first that
  // lists its continent; nullptr when none does.
  const Region* region_of(const Place& place) const;

  // How far PoP `i` is from a viewer at `place`: 0 when it serves the viewer's region, 1 when
  // it serves a region of the viewer's continent, 2 otherwise. For a viewer the database
  // cannot place, the local PoP is 0 and every other one 2: such viewers stay here.
  int distance(size_t i, const Place& place) const;

  // The PoPs in the order a viewer at `place` should use them: those up first, nearest first,
  // the local PoP first among equals (it saves the viewer a hop), then configuration order.
  // Among the nearest, the pathway the player reports it is on stays first (no flapping
  // between equals) unless it reports a throughput below `min_throughput` (bits/s, 0: never)
  // and another PoP as near is up: then it goes behind those. PoPs draining or down come last.
  std::vector<size_t> rank(const Place& place, std::span<const PopState> states,
                           const PlayerReport& report = {}, int64_t min_throughput = 0) const;

 private:
  std::vector<Region> regions_;
  std::vector<Pop> pops_;
  size_t local_ = 0;
};

}  // namespace edge::routing
