// Draws from the raw engine output; see rng.h for why no std:: distribution is used.
#include "bench/swipebench/gen/rng.h"

#include <cmath>
#include <numbers>

namespace swipebench::gen {

uint64_t Rng::derive(uint64_t seed, uint64_t stream) {
  // splitmix64's finalizer over both words: nearby seeds and streams land far apart.
  uint64_t z = seed * 0x9E3779B97F4A7C15ULL + stream + 0x632BE59BD9B4E019ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

double Rng::uniform() {
  return static_cast<double>(engine_() >> 11) * 0x1.0p-53;
}

double Rng::uniform(double low, double high) {
  return low + (high - low) * uniform();
}

int64_t Rng::integer(int64_t low, int64_t high) {
  const auto span = static_cast<double>(high - low + 1);
  const auto offset = static_cast<int64_t>(uniform() * span);
  return low + std::min(offset, high - low);
}

double Rng::exponential(double mean) {
  return -mean * std::log1p(-uniform());
}

double Rng::normal() {
  const double u1 = 1.0 - uniform();  // (0, 1]: log stays finite
  const double u2 = uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double Rng::lognormal(double median, double sigma) {
  return median * std::exp(sigma * normal());
}

}  // namespace swipebench::gen
