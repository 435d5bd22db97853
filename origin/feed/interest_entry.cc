// Interest entries: the video id is everything before the last two fields, so that an id is
// never cut short.
#include "origin/feed/interest_entry.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace origin::feed {
namespace {

std::optional<int64_t> integer(std::string_view text) {
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::string format_interest_entry(std::string_view video, int64_t units, int64_t at_s) {
  std::string entry(video);
  entry.append(1, ' ').append(std::to_string(units)).append(1, ' ').append(std::to_string(at_s));
  return entry;
}

std::optional<InterestEntry> parse_interest_entry(std::string_view text) {
  std::size_t last = text.rfind(' ');
  if (last == std::string_view::npos || last == 0) return std::nullopt;
  std::size_t middle = text.rfind(' ', last - 1);
  if (middle == std::string_view::npos || middle == 0) return std::nullopt;
  std::optional<int64_t> units = integer(text.substr(middle + 1, last - middle - 1));
  std::optional<int64_t> at_s = integer(text.substr(last + 1));
  if (!units || !at_s) return std::nullopt;
  return InterestEntry{.video = text.substr(0, middle), .units = *units, .at_s = *at_s};
}

double interest_weight(const InterestEntry& entry, int64_t now_s, double half_life_s) {
  // In double: an entry's time is whatever Redis held, and int64 subtraction could overflow.
  const double age_s = std::max(static_cast<double>(now_s) - static_cast<double>(entry.at_s), 0.0);
  return static_cast<double>(entry.units) / kInterestUnit *
         std::exp2(-age_s / std::max(half_life_s, 1.0));
}

}  // namespace origin::feed
