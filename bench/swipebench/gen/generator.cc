// Every viewer draws from a stream of its own (Rng::derive(seed, viewer)), so the rows of one
// viewer do not change when others are added; the catalog and the bursts have their own streams.
#include "bench/swipebench/gen/generator.h"

#include <algorithm>

#include "bench/swipebench/gen/audience.h"
#include "bench/swipebench/gen/sessions.h"
#include "bench/swipebench/gen/watch.h"

namespace swipebench::gen {
namespace {

constexpr uint64_t kViewerStreams = uint64_t{1} << 32;
constexpr int kRedraws = 8;

// The next video of a session: interest-matched or popular, not one the session has shown.
size_t pick_video(const GenModel& model, const Catalog& catalog, const Viewer& viewer,
                  const std::vector<size_t>& seen, int64_t ts_ms, Rng& rng) {
  size_t video = 0;
  for (int attempt = 0; attempt < kRedraws; ++attempt) {
    if (!viewer.topics.empty() && rng.chance(model.interest_share)) {
      const auto topic = rng.integer(0, static_cast<int64_t>(viewer.topics.size()) - 1);
      video = catalog.draw_in_topic(viewer.topics[static_cast<size_t>(topic)], ts_ms, rng);
    } else {
      video = catalog.draw_popular(ts_ms, rng);
    }
    if (std::ranges::find(seen, video) == seen.end()) break;
  }
  return video;
}

}  // namespace

std::string video_name(const GenModel& model, size_t rank) {
  if (rank < model.ids.size()) return model.ids[rank];
  return "#" + std::to_string(rank + 1);
}

std::expected<Trace, std::string> generate(const GenModel& model, size_t max_rows) {
  const Catalog catalog(model);
  const Audience audience(model.regions.empty() ? default_regions() : model.regions);
  const SessionModel sessions = SessionModel::from(model);
  Trace trace;
  bool too_many = false;
  for (int64_t v = 0; v < model.viewers && !too_many; ++v) {
    Rng rng(Rng::derive(model.seed, kViewerStreams + static_cast<uint64_t>(v)));
    const Viewer viewer =
        audience.make("u" + std::to_string(v + 1), model.topics,
                      static_cast<int>(rng.integer(1, model.max_topics_per_viewer)), rng);
    std::vector<size_t> seen;
    const auto swipe = [&](int64_t ts_ms, Rng& r) -> int64_t {
      const size_t video = pick_video(model, catalog, viewer, seen, ts_ms, r);
      seen.push_back(video);
      const Watch watch = draw_watch(model.watch, catalog.duration_ms(video), r);
      if (trace.rows.size() == max_rows) {
        too_many = true;
        return sessions.window_ms;  // ends this viewer's sessions
      }
      trace.rows.push_back({ts_ms, viewer.user, viewer.region, viewer.ip, video_name(model, video),
                            watch.watch_ms,
                            std::string(draw_action(model.actions, watch.kind, r))});
      return std::max<int64_t>(watch.watch_ms, 1);
    };
    run_sessions(
        sessions, rng, [&] { seen.clear(); }, swipe);
  }
  if (too_many)
    return std::unexpected("the trace would hold more than " + std::to_string(max_rows) + " rows");
  std::ranges::stable_sort(trace.rows, {}, &SwipeRow::ts_ms);
  return trace;
}

std::string format_catalog(const GenModel& model, const Catalog& catalog) {
  std::string out = "video,duration_ms,topic\n";
  for (size_t v = 0; v < catalog.size(); ++v) {
    out += video_name(model, v) + "," + std::to_string(catalog.duration_ms(v)) + "," +
           std::to_string(catalog.topic(v)) + "\n";
  }
  return out;
}

}  // namespace swipebench::gen
