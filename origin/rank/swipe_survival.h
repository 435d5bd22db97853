// How far viewers get: a swipe-survival model fitted from watch events, and the region feed
// built on it, which ranks videos by the probability that some active viewer of the region
// reaches them within the planning horizon. The model itself is documented in
// swipe_survival.cc, where it lives.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace origin::rank {

// Aggregates counted from watch events of one region.
struct SurvivalCounts {
  int64_t watches = 0;         // watch events
  int64_t session_starts = 0;  // watch events with no earlier event of the viewer in the gap
  int64_t watch_ms = 0;        // summed watch time
};

class SwipeSurvival {
 public:
  // Fitted from counts; with too few events it falls back to priors (documented).
  static SwipeSurvival fit(const SurvivalCounts& counts);

  // Probability that a viewer goes on to the next clip instead of leaving.
  double continue_probability() const { return continue_; }
  double mean_watch_s() const { return mean_watch_s_; }
  // Probability that a viewer now on a clip reaches the clip `k` positions further (k >= 0)
  // within `horizon_s` seconds.
  double reach_probability(int k, double horizon_s) const;

 private:
  SwipeSurvival(double continue_probability, double mean_watch_s)
      : continue_(continue_probability), mean_watch_s_(mean_watch_s) {}
  double continue_;
  double mean_watch_s_;
};

// An active viewer of the region: the videos of their current feed page from where they are.
struct ActiveViewer {
  std::vector<std::string> upcoming;  // upcoming[0] is the clip they are on
};

struct RegionItem {
  std::string video;
  double p = 0;  // probability that at least one viewer reaches it within the horizon
};

struct RegionInputs {
  std::vector<ActiveViewer> viewers;
  // Regional trending, best first: where new sessions start (cold-start feeds are trending).
  std::vector<std::string> trending;
  double new_sessions_per_s = 0;  // sessions started in the region, recent rate
  double horizon_s = 60;
};

// The top `count` videos by p, ties broken by id so the order is deterministic.
std::vector<RegionItem> rank_region(const RegionInputs& inputs, const SwipeSurvival& model,
                                    std::size_t count);

}  // namespace origin::rank
