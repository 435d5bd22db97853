// SegmentSurvival::need, the share of a clip's starters who ask for its segment k.
//
// Segment k plays from k * segment_s; the player asks for it lead_s earlier, when playback
// reaches t_k = max(0, k * segment_s - lead_s), so every segment with t_k = 0 is asked for at
// the start. A viewer asks for it if they are still watching then:
//   need(k) = P(watch > t_k)
//           = early_skip * [t_k < kEarlySkipS] + (1 - early_skip) * exp(-t_k / mean_watch_s)
// where early skippers leave at kEarlySkipS and the others watch an exponential time. Segment
// 0 is asked for by everyone who starts: need(0) = 1. t_k grows with k and both terms fall as
// t_k grows, so need() never increases with k, which the planner's prefixes rely on.
#include <algorithm>
#include <cmath>

#include "prefetch/planner.h"

namespace prefetch {
namespace {

constexpr double kEarlySkipS = 1.0;

}  // namespace

double SegmentSurvival::need(int k) const {
  if (k <= 0) return 1.0;
  double skip = std::isnan(early_skip) ? 0.0 : std::clamp(early_skip, 0.0, 1.0);
  double t = std::max(0.0, k * segment_s - lead_s);
  double skippers = t < kEarlySkipS ? skip : 0.0;
  // A non-positive mean is the limit of a vanishing one: watchers leave at once.
  double stayers = mean_watch_s > 0 ? std::exp(-t / mean_watch_s) : (t <= 0 ? 1.0 : 0.0);
  return std::clamp(skippers + (1.0 - skip) * stayers, 0.0, 1.0);
}

}  // namespace prefetch
