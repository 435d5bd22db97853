// Cumulative sums in double: for 10 million Zipf weights the rounding stays far below one draw
// in a billion.
#include "bench/swipebench/gen/weighted_pick.h"

#include <algorithm>
#include <cmath>

namespace swipebench::gen {

WeightedPick::WeightedPick(std::span<const double> weights) : cumulative_(weights.size()) {
  double sum = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    sum += weights[i];
    cumulative_[i] = sum;
  }
}

size_t WeightedPick::draw(Rng& rng) const {
  const double target = rng.uniform() * total();
  const auto found = std::ranges::upper_bound(cumulative_, target);
  return std::min(static_cast<size_t>(found - cumulative_.begin()), cumulative_.size() - 1);
}

std::vector<double> zipf_weights(size_t n, double exponent) {
  std::vector<double> weights(n);
  for (size_t i = 0; i < n; ++i)
    weights[i] = std::pow(static_cast<double>(i + 1), -exponent);
  return weights;
}

}  // namespace swipebench::gen
