// Bad uploads end with a clear TranscodeError of kind kBadInput, never a crash or a hang, and
// leave no output directory behind.
#include <gtest/gtest.h>

#include <fstream>

#include "media_tools.h"
#include "origin/transcode/transcode.h"

namespace origin::transcode {
namespace {

using testing::TempDir;

LadderConfig small_ladder() {
  LadderConfig config;
  config.ladder = {{"144p", 144, 150'000}, {"240p", 240, 300'000}};
  config.x264_preset = "ultrafast";
  config.threads = 2;
  return config;
}

TranscodeError expect_failure(const std::filesystem::path& input, const LadderConfig& config,
                              const std::string& reason_part) {
  auto out = input.parent_path() / "out";
  auto result = transcode(input, out, config);
  EXPECT_FALSE(result.has_value()) << input;
  if (result) return {};
  EXPECT_EQ(result.error().kind, ErrorKind::kBadInput) << result.error().reason;
  EXPECT_NE(result.error().reason.find(reason_part), std::string::npos) << result.error().reason;
  EXPECT_FALSE(std::filesystem::exists(out));
  return result.error();
}

void write_bytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

TEST(TranscodeBadInput, ZeroBytes) {
  TempDir tmp;
  write_bytes(tmp.path() / "empty.mp4", "");
  expect_failure(tmp.path() / "empty.mp4", small_ladder(), "empty");
  EXPECT_FALSE(probe(tmp.path() / "empty.mp4", small_ladder()).has_value());
}

TEST(TranscodeBadInput, MissingFile) {
  TempDir tmp;
  expect_failure(tmp.path() / "absent.mp4", small_ladder(), "not found");
}

TEST(TranscodeBadInput, TextClaimingToBeMp4) {
  TempDir tmp;
  std::string text;
  for (int i = 0; i < 200; ++i)
    text += "this is not a video, only a text file named .mp4\n";
  write_bytes(tmp.path() / "clip.mp4", text);
  expect_failure(tmp.path() / "clip.mp4", small_ladder(), "not a video file");
}

TEST(TranscodeBadInput, ContainerOutsideTheWhitelist) {
  TempDir tmp;
  // A playlist (hls demuxer) and a WAV file are real media formats, never opened.
  write_bytes(tmp.path() / "list.mp4", "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nx.ts\n");
  expect_failure(tmp.path() / "list.mp4", small_ladder(), "not a video file");
  ASSERT_TRUE(testing::ffmpeg("-f lavfi -i sine=duration=1", tmp.path() / "sound.wav"));
  std::filesystem::rename(tmp.path() / "sound.wav", tmp.path() / "sound.mp4");
  expect_failure(tmp.path() / "sound.mp4", small_ladder(), "not a video file");
  ASSERT_TRUE(testing::make_clip(tmp.path() / "clip.avi", 160, 90, 1, false));
  expect_failure(tmp.path() / "clip.avi", small_ladder(), "not a video file");
}

TEST(TranscodeBadInput, AudioOnly) {
  TempDir tmp;
  ASSERT_TRUE(testing::ffmpeg("-f lavfi -i sine=duration=2 -c:a aac", tmp.path() / "a.m4a"));
  expect_failure(tmp.path() / "a.m4a", small_ladder(), "no video stream");
}

TEST(TranscodeBadInput, TruncatedFastStartMp4) {
  TempDir tmp;
  auto clip = tmp.path() / "clip.mp4";
  ASSERT_TRUE(testing::make_clip(clip, 320, 180, 4, true, "-movflags +faststart"));
  std::filesystem::resize_file(clip, std::filesystem::file_size(clip) * 6 / 10);
  expect_failure(clip, small_ladder(), "truncated");
}

TEST(TranscodeBadInput, TruncatedMp4WithoutIndex) {
  TempDir tmp;
  auto clip = tmp.path() / "clip.mp4";
  ASSERT_TRUE(testing::make_clip(clip, 320, 180, 3));
  std::filesystem::resize_file(clip, std::filesystem::file_size(clip) / 2);
  expect_failure(clip, small_ladder(), "");
}

TEST(TranscodeBadInput, TruncatedMatroska) {
  TempDir tmp;
  auto clip = tmp.path() / "clip.mkv";
  ASSERT_TRUE(testing::make_clip(clip, 320, 180, 4));
  std::filesystem::resize_file(clip, std::filesystem::file_size(clip) / 2);
  expect_failure(clip, small_ladder(), "truncated");
}

TEST(TranscodeBadInput, GarbageAfterAValidHeader) {
  TempDir tmp;
  auto clip = tmp.path() / "clip.mp4";
  ASSERT_TRUE(testing::make_clip(clip, 320, 180, 3, true, "-movflags +faststart"));
  std::string bytes = testing::read_text(clip);
  for (size_t i = bytes.size() / 3; i < bytes.size(); i += 7)
    bytes[i] = static_cast<char>(i * 31);
  write_bytes(clip, bytes);
  auto result = transcode(clip, tmp.path() / "out", small_ladder());
  // A damaged stream either decodes around the damage or fails as bad input: never crashes.
  if (!result) {
    EXPECT_EQ(result.error().kind, ErrorKind::kBadInput) << result.error().reason;
  }
}

TEST(TranscodeBadInput, DimensionsAboveTheLimit) {
  TempDir tmp;
  auto clip = tmp.path() / "clip.mp4";
  ASSERT_TRUE(testing::make_clip(clip, 320, 180, 1, false));
  LadderConfig config = small_ladder();
  config.max_width = 256;
  expect_failure(clip, config, "320x180 are above the limit");
  config = small_ladder();
  config.max_pixels = 320 * 180 - 1;
  expect_failure(clip, config, "above the limit");
}

TEST(TranscodeBadInput, HugeRealDimensions) {
  TempDir tmp;
  auto clip = tmp.path() / "wide.mkv";
  ASSERT_TRUE(testing::ffmpeg(
      "-f lavfi -i color=size=8256x16:duration=0.2 -c:v libx264 -preset ultrafast", clip));
  expect_failure(clip, small_ladder(), "8256x16 are above the limit");
}

TEST(TranscodeBadInput, ClipLongerThanTheLimit) {
  TempDir tmp;
  auto clip = tmp.path() / "clip.mp4";
  ASSERT_TRUE(testing::make_clip(clip, 160, 90, 3));
  LadderConfig config = small_ladder();
  config.max_duration_ms = 2000;
  expect_failure(clip, config, "clip longer than 2 seconds");
  config.max_duration_ms = 60'000;
  ASSERT_TRUE(probe(clip, config).has_value());
}

TEST(TranscodeBadInput, LyingDurationIsCaughtWhileDecoding) {
  TempDir tmp;
  // MPEG-TS carries no duration in a header: the limit is enforced on the decoded pictures.
  auto clip = tmp.path() / "clip.ts";
  ASSERT_TRUE(testing::make_clip(clip, 160, 90, 4));
  LadderConfig config = small_ladder();
  config.max_duration_ms = 1500;
  expect_failure(clip, config, "clip longer than");
}

TEST(TranscodeBadInput, CancelledStopsAndCleansUp) {
  TempDir tmp;
  auto clip = tmp.path() / "clip.mp4";
  ASSERT_TRUE(testing::make_clip(clip, 320, 180, 4));
  bool stop = false;
  auto out = tmp.path() / "out";
  auto result = transcode(
      clip, out, small_ladder(), [&](double p) { stop = p > 0.2; }, [&] { return stop; });
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().kind, ErrorKind::kCancelled);
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(TranscodeBadInput, NonEmptyOutputDirectoryIsLeftAlone) {
  TempDir tmp;
  auto clip = tmp.path() / "clip.mp4";
  ASSERT_TRUE(testing::make_clip(clip, 160, 90, 1));
  auto out = tmp.path() / "out";
  std::filesystem::create_directories(out);
  write_bytes(out / "keep", "x");
  auto result = transcode(clip, out, small_ladder());
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().kind, ErrorKind::kInternal);
  EXPECT_TRUE(std::filesystem::exists(out / "keep"));
}

}  // namespace
}  // namespace origin::transcode
