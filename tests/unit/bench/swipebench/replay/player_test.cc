#include "bench/swipebench/replay/player.h"

#include <gtest/gtest.h>

#include "tests/unit/bench/swipebench/replay/fake_clock.h"

namespace swipebench::replay {
namespace {

using testing::FakeFetcher;
using testing::FakeScheduler;

struct Rig {
  explicit Rig(size_t in_flight = 1) : fetcher(clock, in_flight) {}
  void play(std::vector<PlannedSwipe> swipes, PlayerConfig config = {}) {
    config.session_id = "s1";
    player = std::make_unique<Player>(config, std::move(swipes), fetcher, clock, stats,
                                      [this] { done = true; });
    player->start();
  }
  FakeScheduler clock;
  FakeFetcher fetcher;
  ViewerStats stats;
  std::unique_ptr<Player> player;
  bool done = false;
};

TEST(PlayerTest, StartsWithMasterMediaInitFirstSegment) {
  Rig rig;
  testing::add_clip(rig.fetcher, "a", 3, 10'000, 10);
  rig.play({{"a", 1'000, 7'000}});
  rig.clock.run_until(20'000);
  ASSERT_TRUE(rig.done);
  ASSERT_GE(rig.fetcher.requested.size(), 4u);
  EXPECT_TRUE(rig.fetcher.requested[0].starts_with("/v/a/master.m3u8?CMCD="));
  EXPECT_TRUE(rig.fetcher.requested[1].starts_with("/v/a/low/index.m3u8?"));
  EXPECT_TRUE(rig.fetcher.requested[2].starts_with("/v/a/low/init.mp4?"));
  EXPECT_TRUE(rig.fetcher.requested[3].starts_with("/v/a/low/seg_0.m4s?"));
  // Startup requests say so (su); every request names the session and the content.
  EXPECT_NE(rig.fetcher.requested[3].find("%2Csu"), std::string::npos);
  for (const std::string& target : rig.fetcher.requested)
    EXPECT_NE(target.find("sid%3D%22s1%22"), std::string::npos) << target;
  ASSERT_EQ(rig.stats.swipes.size(), 1u);
  EXPECT_EQ(rig.stats.swipes[0].start_latency_ms, 40);
  EXPECT_EQ(rig.stats.swipes[0].first_x_cache, "MISS");
  EXPECT_EQ(rig.stats.swipes[0].stalls, 0);
  // From the first segment at 1040 ms to the leave at 7000 ms, without a stall.
  EXPECT_EQ(rig.stats.swipes[0].played_ms, 5'960);
  EXPECT_GT(rig.stats.swipes[0].bitrate_term, 0);
  EXPECT_EQ(rig.stats.errors, (std::array<uint64_t, kErrorKindCount>{}));
}

TEST(PlayerTest, SlowSegmentsStallAndCountRebuffer) {
  Rig rig;
  testing::add_clip(rig.fetcher, "a", 4, 10'000, 10);
  // Segments 1.. take 3 s each for 2 s of media: playback catches up with the download.
  for (std::string rung : {"low", "high"}) {
    for (int i = 1; i < 4; ++i)
      rig.fetcher.objects["/v/a/" + rung + "/seg_" + std::to_string(i) + ".m4s"].delay_ms = 3'000;
  }
  rig.play({{"a", 0, 20'000}});
  rig.clock.run_until(30'000);
  const SwipeSample& s = rig.stats.swipes.at(0);
  EXPECT_EQ(s.stalls, 3);
  // seg_0 at 40 ms (fast: the estimate moves to the high rung, whose playlist and init take
  // 20 ms); seg_1 at 3060 (stall from 2040), seg_2 at 6060 (from 5060), seg_3 at 9060.
  EXPECT_EQ(s.rebuffer_ms, 3'020);
}

TEST(PlayerTest, FastThroughputSwitchesUp) {
  Rig rig;
  testing::add_clip(rig.fetcher, "a", 6, 100'000, 10);  // 100 kB in 10 ms: 80 Mbit/s
  rig.play({{"a", 0, 12'000}});
  rig.clock.run_until(20'000);
  const SwipeSample& s = rig.stats.swipes.at(0);
  EXPECT_EQ(s.switches, 1);
  bool high = false;
  for (const std::string& t : rig.fetcher.requested)
    high |= t.starts_with("/v/a/high/seg_1.m4s");
  EXPECT_TRUE(high);
  EXPECT_GT(rig.player->estimate_kbps(), 10'000);
}

TEST(PlayerTest, PrefetchedFirstSegmentStartsAtOnceAndIsNotWasted) {
  Rig rig;
  testing::add_clip(rig.fetcher, "a", 2, 10'000, 10);
  testing::add_clip(rig.fetcher, "b", 2, 10'000, 10);
  PlayerConfig config;
  config.prefetch = 1;
  rig.play({{"a", 0, 5'000}, {"b", 5'000, 9'000}}, config);
  rig.clock.run_until(20'000);
  ASSERT_EQ(rig.stats.swipes.size(), 2u);
  EXPECT_EQ(rig.stats.swipes[1].start_latency_ms, 0);
  EXPECT_EQ(rig.stats.swipes[1].first_x_cache, "MISS+PREFETCHED");
  EXPECT_GT(rig.stats.prefetch_bytes, 0u);
  EXPECT_EQ(rig.stats.prefetch_wasted_bytes, 0u);
}

TEST(PlayerTest, PrefetchNeverPlayedIsWasted) {
  Rig rig;
  testing::add_clip(rig.fetcher, "a", 2, 10'000, 10);
  testing::add_clip(rig.fetcher, "b", 2, 10'000, 10);
  PlayerConfig config;
  config.prefetch = 1;
  // A minute between a and b: the viewer closed the app; b's prefetch made while a played is
  // wasted, and b starts cold.
  rig.play({{"a", 0, 5'000}, {"b", 65'000, 70'000}}, config);
  rig.clock.run_until(80'000);
  EXPECT_GT(rig.stats.prefetch_wasted_bytes, 0u);
  EXPECT_EQ(rig.stats.prefetch_wasted_bytes, rig.stats.prefetch_bytes);
  EXPECT_EQ(rig.stats.swipes.at(1).first_x_cache, "MISS");
}

TEST(PlayerTest, HttpOneKeepsOneRequestInFlight) {
  Rig rig(1);
  testing::add_clip(rig.fetcher, "a", 3, 10'000, 10);
  testing::add_clip(rig.fetcher, "b", 3, 10'000, 10);
  PlayerConfig config;
  config.prefetch = 1;
  rig.play({{"a", 0, 4'000}, {"b", 4'000, 8'000}}, config);
  rig.clock.run_until(10'000);
  EXPECT_EQ(rig.fetcher.most_in_flight, 1u);
}

TEST(PlayerTest, NotFoundVideoIsCountedAndNeverStarts) {
  Rig rig;
  rig.play({{"missing", 0, 3'000}, {"", 3'000, 4'000}});
  rig.clock.run_until(10'000);
  EXPECT_TRUE(rig.done);
  EXPECT_EQ(rig.stats.errors[static_cast<size_t>(ErrorKind::kNotFound)], 1u);
  EXPECT_EQ(rig.stats.errors[static_cast<size_t>(ErrorKind::kUnresolved)], 1u);
  EXPECT_FALSE(rig.stats.swipes.at(0).start_latency_ms);
}

TEST(PlayerTest, BrokenPlaylistIsCounted) {
  Rig rig;
  testing::add_clip(rig.fetcher, "a", 2, 10'000, 10);
  rig.fetcher.objects["/v/a/master.m3u8"].body = "not a playlist";
  rig.play({{"a", 0, 3'000}});
  rig.clock.run_until(10'000);
  EXPECT_EQ(rig.stats.errors[static_cast<size_t>(ErrorKind::kBadPlaylist)], 1u);
}

}  // namespace
}  // namespace swipebench::replay
