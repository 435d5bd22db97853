// The pure parts of the module: ladder fitting, the segment schedule, codec strings and the
// BANDWIDTH rule.
#include "origin/transcode/ladder.h"

#include <gtest/gtest.h>

#include <array>

#include "origin/transcode/codec_string.h"
#include "origin/transcode/playlists.h"

namespace origin::transcode {
namespace {

SourceInfo source(int width, int height) {
  SourceInfo info;
  info.width = width;
  info.height = height;
  return info;
}

TEST(Ladder, NeverUpscalesAndKeepsTheShape) {
  LadderConfig config;
  auto landscape = plan_ladder(source(1920, 1080), config);
  ASSERT_TRUE(landscape.has_value());
  ASSERT_EQ(landscape->size(), 4u);
  EXPECT_EQ((*landscape)[1].width, 854);
  EXPECT_EQ((*landscape)[1].height, 480);
  auto portrait = plan_ladder(source(1080, 1920), config);
  ASSERT_TRUE(portrait.has_value());
  EXPECT_EQ((*portrait)[0].width, 360);
  EXPECT_EQ((*portrait)[0].height, 640);
  EXPECT_EQ((*portrait)[3].width, 1080);
  auto mid = plan_ladder(source(1280, 720), config);
  ASSERT_TRUE(mid.has_value());
  EXPECT_EQ(mid->size(), 3u);
  EXPECT_EQ(mid->back().name, "720p");
  auto tiny = plan_ladder(source(200, 150), config);
  ASSERT_TRUE(tiny.has_value());
  ASSERT_EQ(tiny->size(), 1u);
  EXPECT_EQ(tiny->front().name, "150p");
  EXPECT_EQ(tiny->front().width, 200);
  EXPECT_FALSE(plan_ladder(source(8, 8), config).has_value());
  config.ladder.clear();
  EXPECT_FALSE(plan_ladder(source(1920, 1080), config).has_value());
}

TEST(Ladder, ScheduleStartsWithBootstrapSegments) {
  LadderConfig config;
  config.bootstrap_segments = {1.0, 1.5};
  SegmentSchedule schedule(config);
  EXPECT_EQ(schedule.boundary(0), 0);
  EXPECT_EQ(schedule.boundary(1), 90'000);
  EXPECT_EQ(schedule.boundary(2), 225'000);
  EXPECT_EQ(schedule.boundary(3), 405'000);
  EXPECT_DOUBLE_EQ(schedule.longest_seconds(), 2.0);
}

TEST(CodecString, ReadsTheSpsInBothLayouts) {
  std::array<uint8_t, 8> avcc = {1, 0x64, 0x00, 0x28, 0xff, 0xe1, 0, 0};
  EXPECT_EQ(avc1_codec_string(avcc), "avc1.640028");
  std::array<uint8_t, 12> annex_b = {0, 0, 0, 1, 0x67, 0x42, 0xc0, 0x1e, 0, 0, 1, 0x68};
  EXPECT_EQ(avc1_codec_string(annex_b), "avc1.42C01E");
  std::array<uint8_t, 5> none = {0, 0, 1, 0x68, 0};
  EXPECT_FALSE(avc1_codec_string(none).has_value());
  EXPECT_FALSE(avc1_codec_string({}).has_value());
}

TEST(Bandwidth, PeakOverWindowsOfHalfToOneAndAHalfTargets) {
  // 2 s segments at 1, 3 and 1 Mbit/s: the peak is the 3 Mbit/s one alone.
  std::vector<SegmentRecord> segments = {
      {0, 180'000, 250'000, 60}, {180'000, 360'000, 750'000, 60}, {360'000, 540'000, 250'000, 60}};
  EXPECT_EQ(peak_bitrate(segments, 2.0), 3'000'000u);
  // A 0.5 s tail at a high rate is shorter than half the target: it does not count alone,
  // only averaged with its neighbour.
  segments = {{0, 180'000, 250'000, 60}, {180'000, 225'000, 250'000, 15}};
  EXPECT_EQ(peak_bitrate(segments, 2.0), 1'600'000u);
  EXPECT_EQ(peak_bitrate({}, 2.0), 0u);
}

}  // namespace
}  // namespace origin::transcode
