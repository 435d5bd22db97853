// Time decay kept in Redis without rewriting old scores ("forward decay"), for regional
// trending: an event at time t adds weight * 2^((t - L) / H) to a score, where H is the
// half-life and L the landmark of the current period. Scores of one period compare as decayed
// scores would, since every one is scaled by the same 2^((now - L) / H). A period lasts 32
// half-lives so the factor stays below 2^32; at a period's start the previous period's scores,
// scaled by 2^-32, continue it exactly (up to what was trimmed). Each period's scores live under
// a key named by it.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace origin::rank {

class PeriodicDecay {
 public:
  static constexpr double kHalfLivesPerPeriod = 32;

  explicit PeriodicDecay(double half_life_s) : half_life_s_(half_life_s) {}

  int64_t period(double now_s) const {
    return static_cast<int64_t>(std::floor(now_s / (half_life_s_ * kHalfLivesPerPeriod)));
  }
  // The factor of an event at `t_s` in the period it falls in.
  double factor(double t_s) const {
    double landmark = static_cast<double>(period(t_s)) * half_life_s_ * kHalfLivesPerPeriod;
    return std::exp2((t_s - landmark) / half_life_s_);
  }
  // What the previous period's scores are multiplied by to join the current period's.
  static double previous_scale() { return std::exp2(-kHalfLivesPerPeriod); }
  // Merges the current period's list with the previous one's (both best first), scaled to one
  // scale, best first, at most `keep` long.
  std::vector<std::pair<std::string, double>> merge(
      const std::vector<std::pair<std::string, double>>& current,
      const std::vector<std::pair<std::string, double>>& previous, std::size_t keep) const;

 private:
  double half_life_s_;
};

}  // namespace origin::rank
