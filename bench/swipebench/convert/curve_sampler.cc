// Each video's leave probabilities become a WeightedPick with one more outcome, "to the end".
#include "bench/swipebench/convert/curve_sampler.h"

#include <algorithm>

#include "bench/swipebench/gen/audience.h"
#include "bench/swipebench/gen/sessions.h"
#include "bench/swipebench/gen/weighted_pick.h"

namespace swipebench::convert {
namespace {

constexpr uint64_t kViewerStreams = uint64_t{1} << 32;
constexpr double kCompletionLagMs = 1500;
constexpr int64_t kEarlySkipMs = 2000;

}  // namespace

std::expected<Trace, std::string> sample_curves(const std::vector<LeaveCurve>& curves,
                                                const gen::GenModel& model, bool keep_ids,
                                                size_t max_rows) {
  std::vector<gen::WeightedPick> leave;
  leave.reserve(curves.size());
  for (const LeaveCurve& curve : curves) {
    std::vector<double> outcomes = curve.leave;
    outcomes.push_back(curve.complete);
    leave.emplace_back(outcomes);
  }
  const gen::WeightedPick popularity(gen::zipf_weights(curves.size(), model.zipf_exponent));
  const gen::Audience audience(model.regions.empty() ? gen::default_regions() : model.regions);
  const gen::SessionModel sessions = gen::SessionModel::from(model);
  Trace trace;
  bool too_many = false;
  for (int64_t v = 0; v < model.viewers && !too_many; ++v) {
    gen::Rng rng(gen::Rng::derive(model.seed, kViewerStreams + static_cast<uint64_t>(v)));
    const gen::Viewer viewer = audience.make("u" + std::to_string(v + 1), 0, 0, rng);
    const auto swipe = [&](int64_t ts_ms, gen::Rng& r) -> int64_t {
      const size_t video = popularity.draw(r);
      const LeaveCurve& curve = curves[video];
      const size_t second = leave[video].draw(r);
      const int64_t watch_ms =
          second < curve.leave.size()
              ? static_cast<int64_t>((static_cast<double>(second) + r.uniform()) * 1000)
              : curve.duration_ms() + static_cast<int64_t>(r.uniform(0, kCompletionLagMs));
      if (trace.rows.size() == max_rows) {
        too_many = true;
        return sessions.window_ms;
      }
      trace.rows.push_back({ts_ms, viewer.user, viewer.region, viewer.ip,
                            keep_ids ? curve.video : "#" + std::to_string(video + 1), watch_ms,
                            watch_ms < kEarlySkipMs ? "skip" : "view"});
      return std::max<int64_t>(watch_ms, 1);
    };
    gen::run_sessions(
        sessions, rng, [] {}, swipe);
  }
  if (too_many)
    return std::unexpected("the trace would hold more than " + std::to_string(max_rows) + " rows");
  std::ranges::stable_sort(trace.rows, {}, &SwipeRow::ts_ms);
  return trace;
}

}  // namespace swipebench::convert
