// PopTable: regions by country then continent, and the ranking of PoPs for one viewer.
#include "edge/routing/pop_table.h"

#include <algorithm>

namespace edge::routing {
namespace {

bool lists(const std::vector<std::string>& items, std::string_view value) {
  return !value.empty() && std::ranges::find(items, value) != items.end();
}

}  // namespace

std::string_view to_label(PopState state) {
  switch (state) {
    case PopState::kUp:
      return "up";
    case PopState::kDraining:
      return "draining";
    case PopState::kDown:
      return "down";
  }
  return "up";
}

PopTable::PopTable(std::vector<Region> regions, std::vector<Pop> pops, std::string_view local)
    : regions_(std::move(regions)), pops_(std::move(pops)) {
  local_ = find(local);
  if (local_ == pops_.size()) pops_.push_back(Pop{std::string(local), {}, {}, {}});
}

size_t PopTable::find(std::string_view name) const {
  auto it = std::ranges::find_if(pops_, [&](const Pop& pop) { return pop.name == name; });
  return static_cast<size_t>(it - pops_.begin());
}

const Region* PopTable::region_of(const Place& place) const {
  for (const Region& region : regions_) {
    if (lists(region.countries, place.country)) return &region;
  }
  for (const Region& region : regions_) {
    if (lists(region.continents, place.continent)) return &region;
  }
  return nullptr;
}

int PopTable::distance(size_t i, const Place& place) const {
  const Region* home = region_of(place);
  if (home == nullptr && place.continent.empty()) return i == local_ ? 0 : 2;
  int best = 2;
  for (const std::string& name : pops_[i].regions) {
    if (home != nullptr && name == home->name) return 0;
    auto region = std::ranges::find_if(regions_, [&](const Region& r) { return r.name == name; });
    if (region != regions_.end() && lists(region->continents, place.continent)) best = 1;
  }
  return best;
}

std::vector<size_t> PopTable::rank(const Place& place, std::span<const PopState> states,
                                   const PlayerReport& report, int64_t min_throughput) const {
  std::vector<int> distances(pops_.size());
  for (size_t i = 0; i < pops_.size(); ++i)
    distances[i] = distance(i, place);
  const auto up = [&](size_t i) { return i >= states.size() || states[i] == PopState::kUp; };
  std::vector<size_t> order(pops_.size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::ranges::stable_sort(order, [&](size_t a, size_t b) {
    if (up(a) != up(b)) return up(a);
    if (distances[a] != distances[b]) return distances[a] < distances[b];
    return a == local_ && b != local_;
  });

  const size_t current = find(report.pathway);
  if (current == pops_.size() || !up(current) || !up(order.front()) ||
      distances[current] != distances[order.front()]) {
    return order;
  }
  std::erase(order, current);
  const bool slow =
      min_throughput > 0 && report.throughput >= 0 && report.throughput < min_throughput;
  auto position = order.begin();
  if (slow) {
    // Behind every PoP that is up and as near: the player should try one of them.
    position = std::ranges::find_if(
        order, [&](size_t i) { return !up(i) || distances[i] != distances[current]; });
  }
  order.insert(position, current);
  return order;
}

}  // namespace edge::routing
