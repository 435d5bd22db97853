// Viewers of a generated or converted trace: a name, a region by the regions' shares, an IPv4
// address in the region's range, and the topics the viewer follows (gen_model.h).
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "bench/swipebench/gen/gen_model.h"
#include "bench/swipebench/gen/rng.h"
#include "bench/swipebench/gen/weighted_pick.h"

namespace swipebench::gen {

struct Viewer {
  std::string user;
  std::string region;
  std::string ip;
  std::vector<int> topics;
};

class Audience {
 public:
  // `regions` non-empty with positive shares (see parse_regions).
  explicit Audience(std::vector<RegionSpec> regions);

  // A viewer named `user`: region, address and `topic_count` distinct topics out of `topics`
  // (none when topics is 0), all from `rng`.
  Viewer make(std::string user, int topics, int topic_count, Rng& rng) const;
  const std::vector<RegionSpec>& regions() const { return regions_; }

 private:
  std::vector<RegionSpec> regions_;
  WeightedPick pick_;
};

// "eu:0.5,us:0.3,ap:0.2": names (region tokens) with positive shares, normalized to sum 1; the
// i-th region gets 10.77.(11+i).0/24. The error says which entry is wrong and why.
std::expected<std::vector<RegionSpec>, std::string> parse_regions(std::string_view text);
// "eu:10.77.11.0/24,us:192.0.2.0/25": ranges for named regions, /8 to /30.
std::expected<void, std::string> apply_ip_ranges(std::vector<RegionSpec>& regions,
                                                 std::string_view text);
std::string ipv4_text(uint32_t address);

}  // namespace swipebench::gen
