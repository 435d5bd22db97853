// The viewer model behind `swipebench gen`: every parameter with its default and why. A trace is
// a function of this struct alone (rng.h keeps it the same on every platform).
//
// Catalog. M videos; video r (1-based) is the r-th by base popularity, named "#r" in the trace
// (or the r-th line of --ids). Each has a duration, uniform in [10 s, 60 s] (short-video clips;
// the Kuaishou and TikTok datasets put most clips there), and one of K topics, uniform.
// Durations only shape watch times: a replay learns the real duration from the origin, so the
// trace keeps DESIGN.md's columns and `--catalog-out` writes the model's catalog beside it.
//
// Popularity. Base weight r^-s, s = 0.9 (studies of short-video and UGC views fit Zipf-like
// exponents of 0.8-1.0). Viral bursts: a Poisson process of `bursts_per_hour` picks a video
// uniformly; for `hold` minutes, uniform in [1, 4], it gets extra weight so that it draws
// `burst_peak_share` (5 %) of the popular picks, then the extra decays with a half-life of
// `burst_half_life_min` (3 min) and ends after five half-lives.
//
// Feed. A swipe shows an interest-matched video with probability `interest_share` (0.5): one of
// the viewer's topics, uniform, then a video of that topic by base weight; otherwise a popular
// video by base weight plus bursts. A session does not show a video twice (up to 8 redraws).
// Viewers follow 1-3 topics, uniform over the K = `topics` (20).
//
// Audience. Each viewer lives in a region drawn by `--regions` shares (eu 0.5, us 0.3, ap 0.2)
// and has an IPv4 address uniform among the hosts of its region's range. The range of the i-th
// region (from 0) is 10.77.(11+i).0/24 unless `--ip-ranges` says otherwise: for eu, us, ap those
// are the viewer networks deploy/fleet's test geo database places in DE, US and JP.
//
// Sessions. Each viewer's first session starts uniform in the window (N Poisson arrivals,
// conditioned on their number, are uniform); after a session, a viewer comes back with
// probability `return_share` (0.3) after an exponential gap of mean `return_gap_min` (15 min).
// A session holds round(lognormal(median 12, sigma 0.8)) swipes, at least 1 and at most 300
// (mean about 16: sessions of a few minutes). Swipes follow each other without a gap: the next
// row's ts_ms is this one's plus watch_ms. Rows past the window's end are dropped.
//
// Watch time of a clip of duration D (classes are exclusive):
//   early skip  35 %  uniform in [300 ms, 2 s)            (bench/prewarm/viewers.py: 35 %)
//   partial     35 %  2 s + exponential(mean 7 s), below D (redrawn uniform in [2 s, D) if not)
//   complete    22 %  D + uniform [0, 1.5 s)              (the swipe follows the end)
//   replay       8 %  D * (1 + uniform [0.2, 2))          (loops past the end)
// Actions: an early skip is "skip"; any other row is "like" 8 %, "share" 1.5 %, "comment" 1 %,
// "follow" 0.5 %, "view" otherwise; "report" replaces 0.2 % of all rows (likes doubled on
// completions and replays, which engaged viewers like more).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace swipebench::gen {

struct RegionSpec {
  std::string name;
  double share = 0;
  uint32_t network = 0;  // IPv4 network address, host order
  int prefix = 24;       // 8..30
};

struct WatchModel {
  double early_skip = 0.35;
  double partial = 0.35;
  double complete = 0.22;  // replay takes the rest
  int64_t early_skip_max_ms = 2000;
  double partial_mean_extra_ms = 7000;
};

struct ActionRates {
  double like = 0.08;
  double share = 0.015;
  double comment = 0.01;
  double follow = 0.005;
  double report = 0.002;
};

struct GenModel {
  uint64_t seed = 1;
  int64_t viewers = 1000;
  int64_t videos = 1000;
  double minutes = 10;
  std::vector<std::string> ids;     // when set, video r is ids[r-1] instead of "#r"
  std::vector<RegionSpec> regions;  // empty: eu 0.5, us 0.3, ap 0.2 (default_regions)

  double zipf_exponent = 0.9;
  int64_t min_duration_ms = 10'000;
  int64_t max_duration_ms = 60'000;
  int topics = 20;
  int max_topics_per_viewer = 3;
  double interest_share = 0.5;

  double bursts_per_hour = 6;
  double burst_peak_share = 0.05;
  double burst_hold_min_low = 1;
  double burst_hold_min_high = 4;
  double burst_half_life_min = 3;

  double session_median_swipes = 12;
  double session_sigma = 0.8;
  int64_t max_session_swipes = 300;
  double return_share = 0.3;
  double return_gap_min = 15;

  WatchModel watch;
  ActionRates actions;
};

// eu 0.5, us 0.3, ap 0.2 in 10.77.11.0/24, 10.77.12.0/24, 10.77.13.0/24.
std::vector<RegionSpec> default_regions();

}  // namespace swipebench::gen
