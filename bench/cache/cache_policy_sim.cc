// Which eviction policy serves a swipe feed best: replays one generated trace (see
// trace_model.h) through LRU (the disk tier's policy, the reference) and the challengers at
// several cache sizes, and prints hit ratios, the origin bytes each saves, and the ratio of its
// byte hit ratio to LRU's. Hit ratio, not speed: the disk tier's cost per access is a map
// lookup and a list move whatever the policy.
//
// Usage: cache_policy_sim [--sessions N] [--seed S]
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unordered_map>

#include "bench/cache/policies.h"
#include "bench/cache/trace_model.h"

namespace {

struct Result {
  uint64_t hits = 0;
  uint64_t requests = 0;
  uint64_t hit_bytes = 0;
  uint64_t bytes = 0;
  uint64_t first_hits = 0;
  uint64_t first_requests = 0;
};

Result replay(bench::cache::Policy& policy, const std::vector<bench::cache::Request>& trace) {
  Result r;
  for (const auto& request : trace) {
    const bool hit = policy.access(request.key, request.size);
    ++r.requests;
    r.bytes += request.size;
    if (request.first_segment) ++r.first_requests;
    if (!hit) continue;
    ++r.hits;
    r.hit_bytes += request.size;
    if (request.first_segment) ++r.first_hits;
  }
  return r;
}

double percent(uint64_t part, uint64_t whole) {
  return whole == 0 ? 0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace

int main(int argc, char** argv) {
  bench::cache::TraceModel model;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--sessions") == 0) {
      model.sessions = std::strtoull(argv[i + 1], nullptr, 10);
    } else if (std::strcmp(argv[i], "--seed") == 0) {
      model.seed = std::strtoull(argv[i + 1], nullptr, 10);
    } else {
      std::fprintf(stderr, "usage: cache_policy_sim [--sessions N] [--seed S]\n");
      return 2;
    }
  }
  std::fprintf(stderr, "generating %llu sessions...\n",
               static_cast<unsigned long long>(model.sessions));
  const auto trace = bench::cache::make_trace(model);
  std::unordered_map<uint64_t, uint32_t> unique;
  for (const auto& request : trace)
    unique[request.key] = request.size;
  uint64_t unique_bytes = 0;
  for (const auto& [key, size] : unique)
    unique_bytes += size;
  std::printf("trace: %zu requests, %zu objects, %.1f GB unique, seed %llu\n", trace.size(),
              unique.size(), static_cast<double>(unique_bytes) / 1e9,
              static_cast<unsigned long long>(model.seed));
  std::printf("%-10s %7s %9s %10s %11s %12s\n", "policy", "cache", "hit %", "byte hit %",
              "seg_0 hit %", "vs lru bytes");
  using Factory = std::unique_ptr<bench::cache::Policy> (*)(uint64_t);
  const Factory factories[] = {bench::cache::make_lru, bench::cache::make_slru,
                               bench::cache::make_s3fifo, bench::cache::make_tinylfu};
  for (double fraction : {0.01, 0.03, 0.10}) {
    const auto budget = static_cast<uint64_t>(static_cast<double>(unique_bytes) * fraction);
    double lru_byte_hit = 0;
    for (Factory factory : factories) {
      auto policy = factory(budget);
      std::fprintf(stderr, "  %s at %.0f%%...\n", std::string(policy->name()).c_str(),
                   fraction * 100);
      const Result r = replay(*policy, trace);
      const double byte_hit = percent(r.hit_bytes, r.bytes);
      if (policy->name() == "lru") lru_byte_hit = byte_hit;
      std::printf("%-10s %6.0f%% %9.2f %10.2f %11.2f %11.3fx\n",
                  std::string(policy->name()).c_str(), fraction * 100, percent(r.hits, r.requests),
                  byte_hit, percent(r.first_hits, r.first_requests),
                  lru_byte_hit > 0 ? byte_hit / lru_byte_hit : 0.0);
    }
  }
  return 0;
}
