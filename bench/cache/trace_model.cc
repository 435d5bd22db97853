// The trace generator. Zipf ranks are drawn by inverting a precomputed CDF (binary search),
// recomputed as the catalog grows in steps.
#include "bench/cache/trace_model.h"

#include <algorithm>
#include <cmath>

namespace bench::cache {
namespace {

struct Rendition {
  uint32_t segment_bytes;  // a 2 s segment at the rung's bitrate
  double share;            // of sessions that play it
};
constexpr Rendition kRenditions[] = {
    {150'000, 0.1}, {250'000, 0.2}, {625'000, 0.55}, {1'250'000, 0.15}};
constexpr uint32_t kPlaylistBytes = 1'500;
constexpr uint32_t kInitBytes = 900;

class Zipf {
 public:
  Zipf(uint64_t n, double alpha) : cdf_(n) {
    double sum = 0;
    for (uint64_t i = 0; i < n; ++i) {
      sum += 1.0 / std::pow(static_cast<double>(i + 1), alpha);
      cdf_[i] = sum;
    }
    for (double& c : cdf_)
      c /= sum;
  }
  uint64_t draw(std::mt19937_64& rng) const {
    const double u = std::uniform_real_distribution<double>(0, 1)(rng);
    return static_cast<uint64_t>(std::lower_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin());
  }

 private:
  std::vector<double> cdf_;
};

// Object keys: video, rendition (4 = master), object kind and segment index packed together.
uint64_t key_of(uint64_t video, int rendition, int object) {
  return (video << 16) | (static_cast<uint64_t>(rendition) << 12) | static_cast<uint64_t>(object);
}

struct Session {
  uint64_t video = 0;
  int rendition = 0;
  int step = 0;      // 0 master, 1 playlist, 2 init, 3.. segments
  int segments = 0;  // how many it will watch
};

}  // namespace

std::vector<Request> make_trace(const TraceModel& model) {
  std::mt19937_64 rng(model.seed);
  std::uniform_real_distribution<double> uniform(0, 1);
  uint64_t catalog = model.initial_videos;
  // Popularity ranks map to video ids through a fixed shuffle, so popular videos are not the
  // oldest ones.
  const uint64_t max_catalog =
      model.initial_videos + model.sessions * model.uploads_per_1000 / 1000 + 1;
  std::vector<uint64_t> rank_to_video(max_catalog);
  for (uint64_t i = 0; i < max_catalog; ++i)
    rank_to_video[i] = i;
  std::shuffle(rank_to_video.begin(), rank_to_video.begin() + static_cast<long>(catalog), rng);
  Zipf popular(catalog, model.zipf_alpha);
  Zipf recent(model.recent_window, model.zipf_alpha);

  auto new_session = [&]() {
    Session s;
    if (uniform(rng) < model.recent_share && catalog > model.recent_window) {
      s.video = catalog - 1 - recent.draw(rng);
    } else {
      s.video = rank_to_video[popular.draw(rng)];
      if (s.video >= catalog) s.video %= catalog;
    }
    double pick = uniform(rng);
    for (int r = 0; r < 4; ++r) {
      pick -= kRenditions[r].share;
      if (pick <= 0 || r == 3) {
        s.rendition = r;
        break;
      }
    }
    s.segments = 1;
    if (uniform(rng) < model.continue_after_first) {
      ++s.segments;
      while (s.segments < model.max_segments && uniform(rng) < model.continue_after_later)
        ++s.segments;
    }
    return s;
  };

  std::vector<Request> trace;
  std::vector<Session> active;
  uint64_t started = 0;
  for (int i = 0; i < model.concurrent_sessions; ++i, ++started)
    active.push_back(new_session());
  while (!active.empty()) {
    const size_t pick = std::uniform_int_distribution<size_t>(0, active.size() - 1)(rng);
    Session& s = active[pick];
    if (s.step == 0) {
      trace.push_back({key_of(s.video, 4, 0), kPlaylistBytes, false});
    } else if (s.step == 1) {
      trace.push_back({key_of(s.video, s.rendition, 0), kPlaylistBytes, false});
    } else if (s.step == 2) {
      trace.push_back({key_of(s.video, s.rendition, 1), kInitBytes, false});
    } else {
      const int segment = s.step - 3;
      trace.push_back({key_of(s.video, s.rendition, 2 + segment),
                       kRenditions[s.rendition].segment_bytes, segment == 0});
    }
    if (++s.step < 3 + s.segments) continue;
    if (started < model.sessions) {
      s = new_session();
      ++started;
      if (started % 1000 == 0) {
        catalog = std::min(max_catalog, catalog + model.uploads_per_1000);
      }
    } else {
      active[pick] = active.back();
      active.pop_back();
    }
  }
  return trace;
}

}  // namespace bench::cache
