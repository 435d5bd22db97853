// The shared state against a real redis-server: the registry, drained PoPs and health as the
// admin API reads them, and a round's plan and held entries as the next round reads them.
#include "control/state/state_store.h"

#include <gtest/gtest.h>

#include "tests/unit/control/loop_runner.h"
#include "tests/unit/support/redis_server.h"

namespace control::state {
namespace {

class StateStoreTest : public ::testing::Test {
 protected:
  StateStoreTest() {
    eu_.name = "eu-west";
    eu_.regions = {"eu"};
    eu_.edges = {"http://127.0.0.1:8081"};
    eu_.budget = {1'000'000, 50};
  }

  template <typename T, typename Call>
  std::expected<T, std::string> run(Call call) {
    return runner_.run<std::expected<T, std::string>>([&](auto done) { call(done); })
        .value_or(std::unexpected("gave up"));
  }

  testsupport::RedisServer server_;
  control::testing::LoopRunner runner_;
  core::redis::AsyncClient redis_{runner_.loop(), server_.endpoint()};
  int failures_ = 0;
  StateStore store_{redis_, StateKeys{"t:"}, [this](const std::string&) { ++failures_; }};
  config::PopConfig eu_;
};

TEST_F(StateStoreTest, TheSnapshotShowsRegistryDrainedFlagsHealthAndLeader) {
  ASSERT_TRUE(run<void>([&](auto done) { store_.publish_pops({eu_}, done); }));
  ASSERT_TRUE(run<void>([&](auto done) { store_.set_drained("eu-west", true, done); }));
  const EdgeHealthRecord dead{false, 3, 1'700'000'000};
  ASSERT_TRUE(run<void>(
      [&](auto done) { store_.save_health("eu-west", "http://127.0.0.1:8081", dead, done); }));
  auto snapshot = run<Snapshot>([&](auto done) { store_.load_snapshot(done); });
  ASSERT_TRUE(snapshot) << snapshot.error();
  ASSERT_EQ(snapshot->pops.size(), 1u);
  const config::PopConfig& eu = snapshot->pops.at("eu-west");
  EXPECT_EQ(eu.regions, eu_.regions);
  EXPECT_EQ(eu.edges, eu_.edges);
  EXPECT_EQ(eu.budget.bytes, eu_.budget.bytes);
  EXPECT_EQ(eu.budget.objects, eu_.budget.objects);
  EXPECT_TRUE(snapshot->drained.contains("eu-west"));
  EXPECT_EQ(snapshot->health.at("eu-west").at("http://127.0.0.1:8081"), dead);
  EXPECT_EQ(snapshot->leader, "");
  ASSERT_TRUE(run<void>([&](auto done) { store_.set_drained("eu-west", false, done); }));
  snapshot = run<Snapshot>([&](auto done) { store_.load_snapshot(done); });
  EXPECT_FALSE(snapshot->drained.contains("eu-west"));
}

TEST_F(StateStoreTest, ARoundsPlanAndHeldEntriesAreWhatTheNextRoundReads) {
  auto plan =
      run<std::optional<std::string>>([&](auto done) { store_.load_plan("eu-west", done); });
  ASSERT_TRUE(plan);
  EXPECT_FALSE(*plan);
  ASSERT_TRUE(run<void>([&](auto done) {
    store_.save_round("eu-west", R"({"items":[]})", {{"v1/360p", 2}, {"v2/360p", 1}}, {}, 1'000,
                      60'000, done);
  }));
  plan = run<std::optional<std::string>>([&](auto done) { store_.load_plan("eu-west", done); });
  EXPECT_EQ(plan->value_or(""), R"({"items":[]})");
  auto inputs =
      run<RoundInputs>([&](auto done) { store_.load_round_inputs({"eu-west"}, 900, done); });
  ASSERT_TRUE(inputs) << inputs.error();
  EXPECT_EQ(inputs->held.at("eu-west").held, (prefetch::Held{{"v1/360p", 2}, {"v2/360p", 1}}));
  // Past their expiry the entries are no longer held, and the next save drops them.
  inputs = run<RoundInputs>([&](auto done) { store_.load_round_inputs({"eu-west"}, 1'000, done); });
  EXPECT_TRUE(inputs->held.at("eu-west").held.empty());
  EXPECT_EQ(inputs->held.at("eu-west").expired.size(), 2u);
  ASSERT_TRUE(run<void>([&](auto done) {
    store_.save_round("eu-west", "{}", {{"v3/360p", 1}}, inputs->held.at("eu-west").expired, 2'000,
                      60'000, done);
  }));
  inputs = run<RoundInputs>([&](auto done) { store_.load_round_inputs({"eu-west"}, 1'000, done); });
  EXPECT_EQ(inputs->held.at("eu-west").held, (prefetch::Held{{"v3/360p", 1}}));
  EXPECT_TRUE(inputs->held.at("eu-west").expired.empty());
}

TEST_F(StateStoreTest, WithoutRedisEveryCallFailsAndIsCounted) {
  server_.stop();
  auto snapshot = run<Snapshot>([&](auto done) { store_.load_snapshot(done); });
  EXPECT_FALSE(snapshot);
  EXPECT_FALSE(run<void>([&](auto done) { store_.set_drained("eu-west", true, done); }));
  EXPECT_EQ(failures_, 2);
}

}  // namespace
}  // namespace control::state
