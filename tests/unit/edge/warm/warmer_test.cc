#include "edge/warm/warmer.h"

#include <gtest/gtest.h>

#include <set>

#include "tests/unit/support/manual_clock.h"

namespace edge::warm {
namespace {

using namespace std::chrono_literals;

class SetProbe final : public prefetch::CacheProbe {
 public:
  prefetch::CacheState state(const std::string& key) const override {
    return stored.contains(key) ? prefetch::CacheState::kStored : prefetch::CacheState::kAbsent;
  }
  std::set<std::string> stored;
};

class WarmerTest : public ::testing::Test {
 protected:
  WarmerTest() { exposition_.add(registry_); }

  std::unique_ptr<Warmer> make(const WarmSettings& settings = {}) {
    auto warmer = std::make_unique<Warmer>(settings, clock_, registry_);
    warmer->use_probe(probe_);
    return warmer;
  }
  // The value of one series in the exposition, or -1 when it is absent.
  double metric(const std::string& series) const {
    const std::string text = exposition_.render();
    const size_t at = text.find("\n" + series + " ");
    if (at == std::string::npos) return -1;
    return std::stod(text.substr(at + series.size() + 2));
  }

  test_support::ManualClock clock_;
  core::metrics::Registry registry_;
  core::metrics::Exposition exposition_;
  std::shared_ptr<SetProbe> probe_ = std::make_shared<SetProbe>();
};

TEST_F(WarmerTest, HintsPerSecondIsABucketOfThatSize) {
  WarmSettings settings;
  settings.hints_per_second = 2;
  auto warmer = make(settings);
  EXPECT_TRUE(warmer->admit_hint());
  EXPECT_TRUE(warmer->admit_hint());
  EXPECT_FALSE(warmer->admit_hint());
  clock_.advance(499ms);
  EXPECT_FALSE(warmer->admit_hint());
  clock_.advance(1ms);
  EXPECT_TRUE(warmer->admit_hint());
  clock_.advance(10s);  // never more than one second's worth saved up
  EXPECT_TRUE(warmer->admit_hint());
  EXPECT_TRUE(warmer->admit_hint());
  EXPECT_FALSE(warmer->admit_hint());
}

TEST_F(WarmerTest, AHintsObjectsComeOutBestFirst) {
  auto warmer = make();
  prefetch::Hint hint{
      "h-1", clock_.unix_seconds() + 60, {{"low", {"360p"}, 2, 0.1}, {"high", {"360p"}, 2, 0.9}}};
  EXPECT_EQ(warmer->accept(hint), 4u);
  std::vector<std::string> order;
  for (int i = 0; i < 4; ++i) {
    auto next = warmer->take(*probe_, 0);
    ASSERT_TRUE(next.task);
    order.push_back(next.task.value().key);
  }
  EXPECT_EQ(order[0].substr(0, 8), "/v/high/");
  EXPECT_EQ(order[1].substr(0, 8), "/v/high/");
  EXPECT_EQ(order[2].substr(0, 7), "/v/low/");
  EXPECT_EQ(warmer->stats()["hints"][0]["hint"], "h-1");
  EXPECT_EQ(warmer->stats()["hints"][0]["queued"], 4);
}

TEST_F(WarmerTest, CmcdNextObjectsByResult) {
  WarmSettings settings;
  settings.cmcd_min_buffer_ms = 2000;
  auto warmer = make(settings);
  probe_->stored.insert("/v/v1/360p/seg_0.m4s");
  warmer->cmcd_next("/v/v1/360p/seg_3.m4s", "seg_4.m4s", 1999);
  warmer->cmcd_next("/v/v1/360p/seg_3.m4s", "../../../../etc/passwd", 5000);
  warmer->cmcd_next("/v/v1/360p/seg_3.m4s", "http://other.example/v/v1/x", 5000);
  warmer->cmcd_next("/v/v1/360p/index.m3u8", "seg_0.m4s", 5000);
  warmer->cmcd_next("/v/v1/360p/seg_3.m4s", "seg_4.m4s?CMCD=sid%3D1", 2000);
  warmer->cmcd_next("/v/v1/360p/seg_4.m4s", "seg_5.m4s", -1);  // no bl: warmed
  EXPECT_EQ(metric("edge_prewarm_cmcd_total{result=\"low_buffer\"}"), 1);
  EXPECT_EQ(metric("edge_prewarm_cmcd_total{result=\"ignored\"}"), 2);
  EXPECT_EQ(metric("edge_prewarm_cmcd_total{result=\"cached\"}"), 1);
  EXPECT_EQ(metric("edge_prewarm_cmcd_total{result=\"queued\"}"), 2);
  auto first = warmer->take(*probe_, 0);
  ASSERT_TRUE(first.task);
  EXPECT_EQ(first.task.value().hint, Warmer::kCmcdHint);
  EXPECT_DOUBLE_EQ(first.task.value().priority, settings.cmcd_priority);
  auto second = warmer->take(*probe_, 0);
  ASSERT_TRUE(second.task);
  const std::set<std::string> keys{first.task.value().key, second.task.value().key};
  EXPECT_EQ(keys, (std::set<std::string>{"/v/v1/360p/seg_4.m4s", "/v/v1/360p/seg_5.m4s"}));
}

TEST_F(WarmerTest, CmcdWarmsOnlyThePlayersOwnVideoAndLeavesHalfTheQueueToHints) {
  WarmSettings settings;
  settings.limits.max_queued = 4;
  auto warmer = make(settings);
  warmer->cmcd_next("/v/v1/360p/seg_3.m4s", "/v/v2/360p/seg_0.m4s", 9000);  // another video
  warmer->cmcd_next("/v/v1/360p/seg_3.m4s", "seg_%2e%2e/x.m4s", 9000);      // not a safe path
  EXPECT_EQ(metric("edge_prewarm_cmcd_total{result=\"ignored\"}"), 2);
  warmer->cmcd_next("/v/v1/360p/seg_3.m4s", "seg_4.m4s", 9000);
  warmer->cmcd_next("/v/v1/360p/seg_4.m4s", "seg_5.m4s", 9000);
  warmer->cmcd_next("/v/v1/360p/seg_5.m4s", "seg_6.m4s", 9000);
  EXPECT_EQ(metric("edge_prewarm_cmcd_total{result=\"queued\"}"), 2);
  EXPECT_EQ(metric("edge_prewarm_cmcd_total{result=\"busy\"}"), 1);
  // Hints still find room.
  prefetch::Hint hint{"h-3", clock_.unix_seconds() + 60, {{"v9", {"360p"}, 1, 0.5}}};
  EXPECT_EQ(warmer->accept(hint), 2u);
}

TEST_F(WarmerTest, CmcdOffQueuesNothing) {
  WarmSettings settings;
  settings.cmcd = false;
  auto warmer = make(settings);
  warmer->cmcd_next("/v/v1/360p/seg_3.m4s", "seg_4.m4s", 9000);
  EXPECT_FALSE(warmer->take(*probe_, 0).task);
}

TEST_F(WarmerTest, UsedAndWastedFollowTheLedger) {
  auto warmer = make();
  prefetch::Hint hint{"h-2", clock_.unix_seconds() + 60, {{"v9", {"360p"}, 1, 0.5}}};
  warmer->accept(hint);
  warmer->ledger().outcome("h-2", "/v/v9/a", prefetch::WarmOutcome::kFetched, 1000);
  warmer->ledger().outcome("h-2", "/v/v9/b", prefetch::WarmOutcome::kFetched, 3000);
  warmer->viewer_hit("/v/v9/a");
  warmer->viewer_hit("/v/v9/a");
  warmer->viewer_hit("/v/v9/unknown");
  warmer->evicted("/v/v9/a", 1000);  // used already: not waste
  warmer->evicted("/v/v9/b", 3000);
  EXPECT_EQ(metric("edge_prewarm_used_total"), 1);
  EXPECT_EQ(metric("edge_prewarm_wasted_total"), 1);
  EXPECT_EQ(metric("edge_prewarm_wasted_bytes_total"), 3000);
  const auto stats = warmer->stats();
  EXPECT_EQ(stats["later_hit"], 1);
  EXPECT_EQ(stats["later_hit_bytes"], 1000);
  EXPECT_EQ(stats["evicted_unhit"], 1);
  EXPECT_EQ(stats["wasted_bytes"], 3000);
}

}  // namespace
}  // namespace edge::warm
