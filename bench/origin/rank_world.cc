// The offline check of the viewer feed: completion rate per position in the session for our
// feed and for the trending-only feed in the synthetic world (tests/unit/origin/rank/
// synthetic_world.cc documents it), averaged over seeds; a table on stdout, and with
// --html FILE a page with both curves as an inline SVG plot.
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "bench/origin/rank_world_timing.h"
#include "tests/unit/origin/rank/synthetic_world.h"

namespace {

constexpr const char* kUsage =
    "usage: rank_world [--seeds N] [--videos N] [--viewers N] [--history-viewers N]\n"
    "                  [--session SWIPES] [--timing-videos N] [--html FILE]\n";

using origin::rank::synthetic::FeedKind;
using origin::rank::synthetic::SessionCurve;
using origin::rank::synthetic::World;
using origin::rank::synthetic::WorldConfig;

struct Averaged {
  std::vector<double> completion;
  double explored_share = 0;
  double feed_us = 0;  // mean time per rank_feed call
};

void accumulate(Averaged& into, const SessionCurve& curve, int runs) {
  into.completion.resize(curve.completion.size(), 0);
  for (std::size_t b = 0; b < curve.completion.size(); ++b) {
    into.completion[b] += curve.completion[b] / runs;
  }
  into.explored_share += curve.explored_share / runs;
  if (curve.feeds > 0) into.feed_us += 1e6 * curve.feed_seconds / curve.feeds / runs;
}

std::string polyline(const std::vector<double>& values, double x0, double dx, double y0,
                     double height) {
  std::string points;
  for (std::size_t i = 0; i < values.size(); ++i) {
    char point[64];
    std::snprintf(point, sizeof point, "%.1f,%.1f ", x0 + dx * static_cast<double>(i),
                  y0 + height * (1 - values[i]));
    points += point;
  }
  return points;
}

std::string html_page(const WorldConfig& config, int seeds, const Averaged& ours,
                      const Averaged& trending) {
  constexpr double kLeft = 60, kTop = 20, kWidth = 600, kHeight = 300;
  std::size_t n = ours.completion.size();
  double dx = n > 1 ? kWidth / static_cast<double>(n - 1) : 0;
  std::string svg =
      "<svg xmlns='http://www.w3.org/2000/svg' width='700' height='380' "
      "font-family='sans-serif' font-size='12'>\n";
  for (int tick = 0; tick <= 10; tick += 2) {
    double y = kTop + kHeight * (1 - tick / 10.0);
    char line[256];
    std::snprintf(line, sizeof line,
                  "<line x1='%.0f' y1='%.1f' x2='%.0f' y2='%.1f' stroke='#ddd'/>"
                  "<text x='%.0f' y='%.1f' text-anchor='end'>%d%%</text>\n",
                  kLeft, y, kLeft + kWidth, y, kLeft - 6, y + 4, tick * 10);
    svg += line;
  }
  for (std::size_t i = 0; i < n; ++i) {
    char label[160];
    std::snprintf(label, sizeof label,
                  "<text x='%.1f' y='%.0f' text-anchor='middle'>%zu-%zu</text>\n",
                  kLeft + dx * static_cast<double>(i), kTop + kHeight + 18,
                  i * static_cast<std::size_t>(config.bucket) + 1,
                  (i + 1) * static_cast<std::size_t>(config.bucket));
    svg += label;
  }
  svg += "<text x='360' y='370' text-anchor='middle'>swipes into the session</text>\n";
  svg += "<polyline fill='none' stroke='#d62728' stroke-width='2' points='" +
         polyline(ours.completion, kLeft, dx, kTop, kHeight) + "'/>\n";
  svg +=
      "<polyline fill='none' stroke='#1f77b4' stroke-width='2' stroke-dasharray='6 4' "
      "points='" +
      polyline(trending.completion, kLeft, dx, kTop, kHeight) + "'/>\n";
  svg +=
      "<text x='80' y='40' fill='#d62728'>our feed</text>"
      "<text x='80' y='58' fill='#1f77b4'>trending only</text>\n</svg>\n";
  char summary[512];
  std::snprintf(summary, sizeof summary,
                "<p>Completion rate per %d swipes, mean of %d seeds; %d videos, %d topics, %d "
                "creators, %d new viewers with %d-swipe sessions. Exploration share of our "
                "feed: %.1f%%.</p>\n",
                config.bucket, seeds, config.videos, config.topics, config.creators, config.viewers,
                config.session_length, 100 * ours.explored_share);
  return "<!doctype html>\n<html><head><meta charset='utf-8'><title>Feed completion in the "
         "synthetic world</title></head>\n<body>\n<h1>Completion rate over a session</h1>\n" +
         std::string(summary) + svg + "</body></html>\n";
}

}  // namespace

int main(int argc, char** argv) {
  WorldConfig config;
  int seeds = 3;
  int timing_videos = 100'000;
  std::string html;
  std::vector<std::pair<std::string_view, int*>> numbers = {
      {"--seeds", &seeds},
      {"--videos", &config.videos},
      {"--viewers", &config.viewers},
      {"--history-viewers", &config.history_viewers},
      {"--session", &config.session_length},
      {"--timing-videos", &timing_videos}};
  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    if (flag == "--help" || i + 1 >= argc) {
      std::fprintf(stderr, "%s", kUsage);
      return flag == "--help" ? 0 : 2;
    }
    std::string_view value = argv[++i];
    if (flag == "--html") {
      html = value;
      continue;
    }
    auto known = std::ranges::find(numbers, flag, &std::pair<std::string_view, int*>::first);
    int parsed = 0;
    auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), parsed);
    if (known == numbers.end() || error != std::errc() || end != value.data() + value.size() ||
        parsed < 1) {
      std::fprintf(stderr, "rank_world: bad %s %s\n%s", argv[i - 1], argv[i], kUsage);
      return 2;
    }
    *known->second = parsed;
  }

  Averaged ours;
  Averaged trending;
  for (int seed = 1; seed <= seeds; ++seed) {
    config.seed = static_cast<uint64_t>(seed);
    World world(config);
    accumulate(ours, world.run(FeedKind::kRanked), seeds);
    accumulate(trending, world.run(FeedKind::kTrending), seeds);
  }
  std::printf("completion rate per %d swipes, mean of %d seeds\n", config.bucket, seeds);
  std::printf("%-10s %10s %10s %10s\n", "swipes", "our feed", "trending", "difference");
  for (std::size_t b = 0; b < ours.completion.size(); ++b) {
    char range[32];
    std::snprintf(range, sizeof range, "%zu-%zu", b * static_cast<std::size_t>(config.bucket) + 1,
                  (b + 1) * static_cast<std::size_t>(config.bucket));
    std::printf("%-10s %10.3f %10.3f %+10.3f\n", range, ours.completion[b], trending.completion[b],
                ours.completion[b] - trending.completion[b]);
  }
  std::printf("exploration share: our feed %.1f%%, trending %.1f%%\n", 100 * ours.explored_share,
              100 * trending.explored_share);
  std::printf("rank_feed mean time in the world: our feed %.0f us, trending %.0f us\n",
              ours.feed_us, trending.feed_us);
  if (timing_videos > 0) {
    origin::rank::synthetic::FeedTiming timing =
        origin::rank::synthetic::time_feeds(static_cast<std::size_t>(timing_videos), 20, 200);
    std::printf(
        "rank_feed of 20 over %zu videos (max %zu candidates), CPU per call: personalised %.0f us, "
        "cold %.0f us\n",
        timing.videos, timing.candidates, timing.personalised_us, timing.cold_us);
  }
  if (!html.empty()) {
    std::ofstream out(html);
    out << html_page(config, seeds, ours, trending);
    if (!out) {
      std::fprintf(stderr, "rank_world: cannot write %s\n", html.c_str());
      return 1;
    }
  }
  return 0;
}
