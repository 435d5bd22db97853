// The swipe-survival model (fit, priors, reach) against simulated sessions, and the region
// feed's order from active viewers and new sessions.
#include "origin/rank/swipe_survival.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

namespace origin::rank {
namespace {

TEST(SwipeSurvivalTest, WithoutEventsThePriorsHold) {
  SwipeSurvival model = SwipeSurvival::fit(SurvivalCounts{});
  EXPECT_NEAR(model.continue_probability(), 0.9, 1e-9);
  EXPECT_NEAR(model.mean_watch_s(), 8.0, 1e-9);
  SwipeSurvival few = SwipeSurvival::fit({.watches = 2, .session_starts = 2, .watch_ms = 2'000});
  EXPECT_GT(few.continue_probability(), 0.8);  // two one-clip sessions are not a rule
  EXPECT_GT(few.mean_watch_s(), 6.0);
  SwipeSurvival odd = SwipeSurvival::fit({.watches = -5, .session_starts = 10, .watch_ms = -1});
  EXPECT_GE(odd.continue_probability(), 0);
  EXPECT_LE(odd.continue_probability(), 1);
  EXPECT_GT(odd.mean_watch_s(), 0);
}

// Sessions as the model sees them: geometric length, exponential watch times.
struct Simulated {
  SurvivalCounts counts;
  std::vector<std::vector<double>> sessions;  // watch times in seconds
};

Simulated simulate(double continue_p, double mean_s, int sessions, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::bernoulli_distribution goes_on(continue_p);
  std::exponential_distribution<double> watch(1 / mean_s);
  Simulated out;
  for (int i = 0; i < sessions; ++i) {
    std::vector<double>& session = out.sessions.emplace_back();
    do {
      session.push_back(watch(rng));
      ++out.counts.watches;
      out.counts.watch_ms += static_cast<int64_t>(session.back() * 1000);
    } while (goes_on(rng));
    ++out.counts.session_starts;
  }
  return out;
}

TEST(SwipeSurvivalTest, FitRecoversTheParametersOfSimulatedSessions) {
  Simulated sim = simulate(0.75, 5.0, 20'000, 7);
  SwipeSurvival model = SwipeSurvival::fit(sim.counts);
  EXPECT_NEAR(model.continue_probability(), 0.75, 0.01);
  EXPECT_NEAR(model.mean_watch_s(), 5.0, 0.1);
}

TEST(SwipeSurvivalTest, ReachMatchesTheFrequencyInSimulatedSessions) {
  Simulated sim = simulate(0.8, 6.0, 40'000, 11);
  SwipeSurvival model = SwipeSurvival::fit(sim.counts);
  // A viewer at the first clip of a session reaches clip k within H when the session has more
  // than k clips and the first k watch times sum to at most H.
  for (auto [k, horizon] : {std::pair{1, 5.0}, {2, 20.0}, {4, 30.0}, {8, 60.0}}) {
    int reached = 0;
    for (const std::vector<double>& session : sim.sessions) {
      if (static_cast<int>(session.size()) <= k) continue;
      double elapsed = 0;
      for (int i = 0; i < k; ++i)
        elapsed += session[static_cast<std::size_t>(i)];
      reached += elapsed <= horizon;
    }
    double observed = static_cast<double>(reached) / static_cast<double>(sim.sessions.size());
    EXPECT_NEAR(model.reach_probability(k, horizon), observed, 0.01)
        << "k " << k << " horizon " << horizon;
  }
}

TEST(SwipeSurvivalTest, ReachFallsWithDistanceAndRisesWithTheHorizon) {
  SwipeSurvival model =
      SwipeSurvival::fit({.watches = 1000, .session_starts = 100, .watch_ms = 1000 * 7'000});
  EXPECT_EQ(model.reach_probability(0, 10), 1.0);
  EXPECT_EQ(model.reach_probability(3, 0), 0.0);
  double s = model.continue_probability();
  double m = model.mean_watch_s();
  EXPECT_NEAR(model.reach_probability(1, 10), s * (1 - std::exp(-10 / m)), 1e-12);
  for (double horizon : {5.0, 30.0, 120.0, 3600.0}) {
    for (int k = 0; k < 40; ++k) {
      double here = model.reach_probability(k, horizon);
      EXPECT_GE(here, 0);
      EXPECT_LE(here, 1);
      EXPECT_GT(here, model.reach_probability(k + 1, horizon)) << k << " " << horizon;
      double longer = model.reach_probability(k, horizon * 2);
      EXPECT_LE(here, longer) << k << " " << horizon;
      if (k > 0 && horizon <= 120) {
        EXPECT_LT(here, longer) << k << " " << horizon;
      }
    }
  }
  // With all the time in the world only leaving stops a viewer.
  EXPECT_NEAR(model.reach_probability(5, 1e6), std::pow(s, 5), 1e-9);
  EXPECT_GE(model.reach_probability(5000, 1e6), 0);
}

TEST(RegionFeedTest, VideosAreOrderedByTheChanceSomeoneReachesThem) {
  SwipeSurvival model = SwipeSurvival::fit({});
  RegionInputs inputs;
  inputs.horizon_s = 30;
  inputs.viewers = {{{"a", "b", "c", "d"}}, {{"e", "c", "x"}}, {{"f", "g"}}};
  std::vector<RegionItem> items = rank_region(inputs, model, 10);
  ASSERT_EQ(items.size(), 8u);
  // On it now: a, e, f (p = 1, by id); c is one ahead for one viewer and two for another;
  // then the ones a single step ahead (b, g, by id), then x (2 ahead), then d (3 ahead).
  std::vector<std::string> order;
  for (const RegionItem& item : items)
    order.push_back(item.video);
  EXPECT_EQ(order, (std::vector<std::string>{"a", "e", "f", "c", "b", "g", "x", "d"}));
  EXPECT_EQ(items[0].p, 1.0);
  double one = model.reach_probability(1, 30);
  double two = model.reach_probability(2, 30);
  EXPECT_NEAR(items[3].p, 1 - (1 - one) * (1 - two), 1e-12);
  EXPECT_NEAR(items[4].p, one, 1e-12);
  EXPECT_EQ(rank_region(inputs, model, 2).size(), 2u);
}

TEST(RegionFeedTest, NewSessionsStartAtTrending) {
  SwipeSurvival model = SwipeSurvival::fit({});
  RegionInputs inputs;
  inputs.horizon_s = 60;
  inputs.trending = {"t0", "t1", "t2", "t3"};
  inputs.viewers = {{{"v", "w", "x", "t3"}}};
  EXPECT_EQ(rank_region(inputs, model, 10).size(), 4u) << "no new sessions, trending unreached";
  inputs.new_sessions_per_s = 0.05;  // three expected in the horizon
  std::vector<RegionItem> items = rank_region(inputs, model, 10);
  ASSERT_EQ(items.size(), 7u);
  auto p = [&](const std::vector<RegionItem>& list, const std::string& video) {
    auto it = std::ranges::find(list, video, &RegionItem::video);
    return it == list.end() ? -1.0 : it->p;
  };
  EXPECT_EQ(items[0].video, "v");
  // Every new session is on trending[0] at once.
  EXPECT_NEAR(p(items, "t0"), 1 - std::exp(-0.05 * 60), 1e-9);
  EXPECT_GT(p(items, "t0"), p(items, "t1"));
  EXPECT_GT(p(items, "t1"), p(items, "t2"));
  EXPECT_GT(p(items, "t2"), 0);
  // t3 is three ahead of a viewer and also reachable by new sessions: more than either alone.
  EXPECT_GT(p(items, "t3"), model.reach_probability(3, 60));
  RegionInputs sessions_only = inputs;
  sessions_only.viewers.clear();
  EXPECT_GT(p(items, "t3"), p(rank_region(sessions_only, model, 10), "t3"));
  inputs.new_sessions_per_s = 0.5;
  EXPECT_GT(p(rank_region(inputs, model, 10), "t1"), p(items, "t1")) << "more sessions, likelier";
}

}  // namespace
}  // namespace origin::rank
