// Draws an index with probability proportional to its weight, by binary search in the
// cumulative weights: O(log n) a draw, O(n) memory.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "bench/swipebench/gen/rng.h"

namespace swipebench::gen {

class WeightedPick {
 public:
  WeightedPick() = default;
  // Weights must be non-negative with a positive sum.
  explicit WeightedPick(std::span<const double> weights);

  size_t draw(Rng& rng) const;
  double total() const { return cumulative_.empty() ? 0 : cumulative_.back(); }
  size_t size() const { return cumulative_.size(); }

 private:
  std::vector<double> cumulative_;
};

// Zipf weights 1/r^exponent for ranks 1..n.
std::vector<double> zipf_weights(size_t n, double exponent);

}  // namespace swipebench::gen
