// A feed request as the service will make it, over a large catalog: every video with
// counters, a viewer with 30 recent completions, interests in 12 hashtags and 60 creators,
// 20 follows, co-watch lists of 20 per completion and 1,000 trending videos. Timing only.
#include "bench/origin/rank_world_timing.h"

#include <time.h>

#include <random>
#include <string>

#include "origin/rank/feed_ranker.h"

namespace origin::rank::synthetic {
namespace {

constexpr int64_t kNow_s = 1'750'000'000;

double time_calls(FeedInputs& inputs, std::size_t count, int calls, std::size_t& sink) {
  // CPU time of this thread: the machine may be shared, and other processes' time is not ours.
  timespec start{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start);
  for (int i = 0; i < calls; ++i) {
    inputs.seed = static_cast<uint64_t>(i);
    sink += rank_feed(inputs, FeedPolicy{}, count).size();
  }
  timespec end{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end);
  double spent_us = static_cast<double>(end.tv_sec - start.tv_sec) * 1e6 +
                    static_cast<double>(end.tv_nsec - start.tv_nsec) / 1e3;
  return spent_us / calls;
}

}  // namespace

FeedTiming time_feeds(std::size_t videos, std::size_t count, int calls) {
  std::mt19937_64 rng(42);
  constexpr int kTags = 500;
  std::size_t creators = videos / 20 + 1;
  std::vector<VideoInfo> list;
  std::vector<VideoStats> stats;
  for (std::size_t v = 0; v < videos; ++v) {
    VideoInfo info{.id = "video-" + std::to_string(v),
                   .creator = "creator-" + std::to_string(rng() % creators),
                   .created_s = kNow_s - static_cast<int64_t>(rng() % (30 * 86'400)),
                   .duration_ms = 15'000};
    for (int t = 0; t < 3; ++t)
      info.hashtags.push_back("tag" + std::to_string(rng() % kTags));
    list.push_back(std::move(info));
    int64_t views = static_cast<int64_t>(rng() % 20'000);
    stats.push_back(VideoStats{.views = views,
                               .completions = views / 2,
                               .likes = views / 20,
                               .skips = views / 4,
                               .watch_ms = views * 9'000});
  }
  Catalog catalog(std::move(list));
  ViewerProfile viewer;
  viewer.user = "viewer";
  viewer.completed_count = 200;
  FeedInputs inputs;
  for (int i = 0; i < 30; ++i) {
    std::string done = catalog.at(static_cast<VideoIndex>(rng() % videos)).id;
    viewer.recent_completions.push_back(done);
    std::vector<std::pair<std::string, double>>& co = inputs.co_watch[done];
    for (int j = 0; j < 20; ++j) {
      co.emplace_back(catalog.at(static_cast<VideoIndex>(rng() % videos)).id, 20.0 - j);
    }
  }
  for (std::size_t i = 0; i < 300; ++i) {
    viewer.seen.insert(catalog.at(static_cast<VideoIndex>(rng() % videos)).id);
  }
  for (int t = 0; t < 12; ++t)
    viewer.hashtag_weights["tag" + std::to_string(rng() % kTags)] = t;
  for (int c = 0; c < 60; ++c) {
    viewer.creator_weights["creator-" + std::to_string(rng() % creators)] = c;
  }
  for (int f = 0; f < 20; ++f)
    viewer.follows.insert("creator-" + std::to_string(rng() % creators));
  for (int i = 0; i < 1'000; ++i) {
    inputs.trending.emplace_back(catalog.at(static_cast<VideoIndex>(rng() % videos)).id, 1000 - i);
  }
  // The service resolves a region's trending once per refresh, not per request.
  std::vector<std::pair<VideoIndex, double>> trending = resolve_trending(catalog, inputs.trending);
  inputs.trending_indexed = trending;
  inputs.catalog = &catalog;
  inputs.stats = [&stats](VideoIndex video) { return &stats[video]; };
  inputs.viewer = &viewer;
  inputs.now_s = kNow_s;

  FeedTiming timing{.videos = videos, .candidates = FeedPolicy{}.max_candidates};
  std::size_t sink = 0;
  timing.personalised_us = time_calls(inputs, count, calls, sink);
  ViewerProfile cold;
  inputs.viewer = &cold;
  timing.cold_us = time_calls(inputs, count, calls, sink);
  return sink > 0 ? timing : FeedTiming{};
}

}  // namespace origin::rank::synthetic
