// PeriodicDecay::merge: the two periods' scores summed on the current period's scale.
#include "origin/rank/periodic_decay.h"

#include <algorithm>
#include <unordered_map>

namespace origin::rank {

std::vector<std::pair<std::string, double>> PeriodicDecay::merge(
    const std::vector<std::pair<std::string, double>>& current,
    const std::vector<std::pair<std::string, double>>& previous, std::size_t keep) const {
  const double scale = previous_scale();
  std::unordered_map<std::string, double> sums;
  sums.reserve(current.size() + previous.size());
  for (const auto& [video, score] : current)
    sums[video] += score;
  for (const auto& [video, score] : previous)
    sums[video] += score * scale;
  std::vector<std::pair<std::string, double>> merged(sums.begin(), sums.end());
  std::sort(merged.begin(), merged.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  std::erase_if(merged, [](const auto& entry) { return entry.second <= 0; });
  if (merged.size() > keep) merged.resize(keep);
  return merged;
}

}  // namespace origin::rank
