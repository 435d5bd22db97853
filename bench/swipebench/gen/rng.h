// Reproducible randomness: std::mt19937_64's output is fixed by the standard, but the standard
// distributions are not (libstdc++ and libc++ differ), so every draw is derived here from the
// raw 64-bit output. A seed and a version of this file give the same trace everywhere.
#pragma once

#include <cstdint>
#include <random>

namespace swipebench::gen {

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  // A seed for an independent stream, e.g. one per viewer: adding viewers changes no other's.
  static uint64_t derive(uint64_t seed, uint64_t stream);

  double uniform();                            // [0, 1), 53 random bits
  double uniform(double low, double high);     // [low, high)
  int64_t integer(int64_t low, int64_t high);  // [low, high], low <= high
  bool chance(double p) { return uniform() < p; }
  double exponential(double mean);
  double normal();  // mean 0, deviation 1 (Box-Muller)
  double lognormal(double median, double sigma);

 private:
  std::mt19937_64 engine_;
};

}  // namespace swipebench::gen
