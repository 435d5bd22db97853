// One entry of a viewer's interest list (redis_keys.h): an event's interest signal on a video,
// kept as "{video} {units} {unix seconds}". A list of entries costs Redis one push per viewer
// and batch, where weights per hashtag and creator cost an increment for each of the video's
// hashtags and its creator, per event: the list's reader (origind, holding the catalog)
// spreads each signal over the video's hashtags and creator instead.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace origin::feed {

// A signal of 1 is this many units: entries stay short integers.
constexpr double kInterestUnit = 100;

struct InterestEntry {
  std::string_view video;
  int64_t units = 0;
  int64_t at_s = 0;
};

std::string format_interest_entry(std::string_view video, int64_t units, int64_t at_s);
std::optional<InterestEntry> parse_interest_entry(std::string_view text);

// The entry's signal at now_s: halved for every half_life_s of its age (an entry dated later
// than now_s has age 0).
double interest_weight(const InterestEntry& entry, int64_t now_s, double half_life_s);

}  // namespace origin::feed
