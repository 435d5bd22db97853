// Sources of every usual shape: portrait, rotated by metadata, variable and high frame rate,
// video without audio, Matroska/WebM/MPEG-TS containers, tiny pictures, bootstrap segments.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

#include "manifest/parser.h"
#include "manifest/validator.h"
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

manifest::MasterPlaylist master_of(const std::filesystem::path& out) {
  std::string text = testing::read_text(out / "master.m3u8");
  EXPECT_TRUE(manifest::validate(text).empty());
  return manifest::parse_master(text).value_or(manifest::MasterPlaylist{});
}

// Every rendition decodes cleanly through its playlist and starts segments on the same
// keyframes as the others.
void expect_playable_and_aligned(const std::filesystem::path& out, const TranscodeResult& result) {
  std::vector<double> first;
  for (const std::string& name : result.renditions) {
    std::string playlist = testing::read_text(out / name / "index.m3u8");
    EXPECT_TRUE(manifest::validate(playlist).empty()) << name;
    EXPECT_EQ(testing::decode_errors(out / name / "index.m3u8", "-allowed_extensions ALL"), "");
    auto keyframes = testing::keyframe_times(testing::join_segments(out / name));
    EXPECT_FALSE(keyframes.empty());
    auto media = manifest::parse_media(playlist);
    ASSERT_TRUE(media.has_value());
    EXPECT_EQ(keyframes.size(), media->segments.size()) << name;
    if (first.empty()) first = keyframes;
    EXPECT_EQ(keyframes, first) << name;
  }
}

// A rough mean error (0..255, from the PSNR) between the first picture of `a` and the picture
// of `b` at `seconds`, `b` scaled to `a`'s size; ffmpeg turns `b` upright from its rotation
// metadata itself.
double picture_difference(const std::filesystem::path& a, const std::filesystem::path& b,
                          const std::string& size, double seconds = 0) {
  std::string output;
  testing::run_command(
      "ffmpeg -nostdin -v info -i '" + a.string() + "' -ss " + std::to_string(seconds) + " -i '" +
          b.string() + "' -filter_complex \"[1:v]scale=" + size +
          "[r];[0:v][r]psnr\" -frames:v 1 -f null - 2>&1 | grep -o 'average:[0-9.inf]*'",
      &output);
  auto colon = output.find(':');
  if (colon == std::string::npos) return 255;
  std::string value = output.substr(colon + 1);
  return value.rfind("inf", 0) == 0 ? 0 : 255.0 / std::pow(10.0, std::atof(value.c_str()) / 20.0);
}

TEST(TranscodeShapes, PortraitKeepsItsShape) {
  TempDir tmp;
  auto clip = tmp.path() / "portrait.mp4";
  ASSERT_TRUE(testing::make_clip(clip, 270, 480, 2.5));
  auto out = tmp.path() / "out";
  auto result = transcode(clip, out, small_ladder());
  ASSERT_TRUE(result.has_value()) << result.error().reason;
  EXPECT_EQ(result->source.width, 270);
  EXPECT_EQ(result->source.height, 480);
  auto master = master_of(out);
  ASSERT_EQ(master.variants.size(), 2u);
  EXPECT_EQ(master.variants[0].attributes.get_resolution("RESOLUTION"),
            (manifest::Resolution{144, 256}));
  EXPECT_EQ(master.variants[1].attributes.get_resolution("RESOLUTION"),
            (manifest::Resolution{240, 426}));
  EXPECT_EQ(testing::probe_entry(out / "thumb.jpg", "stream=width,height", "v:0"), "270\n480");
  expect_playable_and_aligned(out, *result);
}

TEST(TranscodeShapes, RotationMetadataIsApplied) {
  TempDir tmp;
  auto coded = tmp.path() / "coded.mp4";
  auto clip = tmp.path() / "rotated.mp4";
  // Coded landscape, shown portrait: what phones record. The rotate tag becomes a display
  // matrix when remuxed.
  ASSERT_TRUE(testing::make_clip(coded, 480, 270, 2.5));
  ASSERT_TRUE(
      testing::ffmpeg("-i '" + coded.string() + "' -c copy -metadata:s:v:0 rotate=90", clip));
  auto out = tmp.path() / "out";
  auto result = transcode(clip, out, small_ladder());
  ASSERT_TRUE(result.has_value()) << result.error().reason;
  EXPECT_EQ(result->source.rotation, 270);  // ffprobe's "rotation=90" turns anticlockwise
  EXPECT_EQ(result->source.width, 270);
  EXPECT_EQ(result->source.height, 480);
  auto joined = testing::join_segments(out / "240p");
  EXPECT_EQ(testing::probe_entry(joined, "stream=width,height", "v:0"), "240\n426");
  EXPECT_EQ(testing::probe_entry(joined, "stream_side_data=rotation", "v:0"), "");
  // Upright the same way ffmpeg turns it; turned the wrong way the pictures differ wildly.
  EXPECT_LT(picture_difference(joined, clip, "240:426"), 8.0);
  // thumb_0 is the first picture at or after 1/4 of 2.5 s: picture 19 at 30 fps. JPEG's full
  // range and quantiser cost some accuracy; upside down the error is above 100.
  EXPECT_LT(picture_difference(out / "thumb_0.jpg", clip, "270:480", 0.6333), 20.0);
  expect_playable_and_aligned(out, *result);
}

TEST(TranscodeShapes, VideoWithoutAudio) {
  TempDir tmp;
  auto clip = tmp.path() / "silent.mp4";
  ASSERT_TRUE(testing::make_clip(clip, 320, 180, 2.5, false));
  auto out = tmp.path() / "out";
  auto result = transcode(clip, out, small_ladder());
  ASSERT_TRUE(result.has_value()) << result.error().reason;
  EXPECT_FALSE(result->source.has_audio);
  manifest::MasterPlaylist master = master_of(out);
  std::string codecs(master.variants.at(0).attributes.get_string("CODECS").value_or(""));
  EXPECT_EQ(codecs.find("mp4a"), std::string::npos) << codecs;
  EXPECT_EQ(testing::probe_entry(testing::join_segments(out / "144p"), "stream=codec_type", ""),
            "video");
  expect_playable_and_aligned(out, *result);
}

TEST(TranscodeShapes, VariableFrameRate) {
  TempDir tmp;
  auto clip = tmp.path() / "vfr.mkv";
  // 30 fps for a second, then one picture in three: 10 fps.
  ASSERT_TRUE(testing::make_clip(clip, 320, 180, 4.5, true,
                                 "-vf \"select='lt(n\\,30)+not(mod(n\\,3))'\" -fps_mode vfr"));
  auto out = tmp.path() / "out";
  auto result = transcode(clip, out, small_ladder());
  ASSERT_TRUE(result.has_value()) << result.error().reason;
  EXPECT_NEAR(static_cast<double>(result->duration_ms), 4500, 150);
  auto fps = master_of(out).variants.at(0).attributes.get_number("FRAME-RATE").value_or(0);
  EXPECT_NEAR(fps, 20.0, 0.01);  // the busiest segment: 30 + 10 pictures in 2 s
  expect_playable_and_aligned(out, *result);
}

TEST(TranscodeShapes, HighFrameRateIsCapped) {
  TempDir tmp;
  auto clip = tmp.path() / "fast.mp4";
  ASSERT_TRUE(testing::make_clip(clip, 320, 180, 2, false, "", 120));
  auto out = tmp.path() / "out";
  auto result = transcode(clip, out, small_ladder());
  ASSERT_TRUE(result.has_value()) << result.error().reason;
  auto fps = master_of(out).variants.at(0).attributes.get_number("FRAME-RATE").value_or(0);
  EXPECT_GT(fps, 0.0);
  EXPECT_LE(fps, 60.0);
  expect_playable_and_aligned(out, *result);
}

TEST(TranscodeShapes, OtherContainers) {
  for (const char* name : {"clip.mkv", "clip.ts", "clip.mov"}) {
    TempDir tmp;
    auto clip = tmp.path() / name;
    ASSERT_TRUE(testing::make_clip(clip, 320, 180, 2.2));
    auto out = tmp.path() / "out";
    auto result = transcode(clip, out, small_ladder());
    ASSERT_TRUE(result.has_value()) << name << ": " << result.error().reason;
    EXPECT_TRUE(result->source.has_audio) << name;
    expect_playable_and_aligned(out, *result);
  }
  TempDir tmp;
  auto webm = tmp.path() / "clip.webm";
  ASSERT_TRUE(testing::ffmpeg(
      "-f lavfi -i testsrc2=size=320x180:rate=25:duration=2 -f lavfi -i sine=duration=2 "
      "-c:v libvpx -deadline realtime -cpu-used 8 -b:v 300k -c:a libopus",
      webm));
  auto result = transcode(webm, tmp.path() / "out", small_ladder());
  ASSERT_TRUE(result.has_value()) << result.error().reason;
  EXPECT_TRUE(result->source.has_audio);  // Opus at 48 kHz, re-encoded to AAC
  expect_playable_and_aligned(tmp.path() / "out", *result);
}

TEST(TranscodeShapes, SourceSmallerThanEveryRung) {
  TempDir tmp;
  auto clip = tmp.path() / "tiny.mp4";
  ASSERT_TRUE(testing::make_clip(clip, 128, 72, 1.5));
  auto out = tmp.path() / "out";
  auto result = transcode(clip, out, small_ladder());
  ASSERT_TRUE(result.has_value()) << result.error().reason;
  EXPECT_EQ(result->renditions, std::vector<std::string>{"72p"});
  EXPECT_EQ(master_of(out).variants.at(0).attributes.get_resolution("RESOLUTION"),
            (manifest::Resolution{128, 72}));
}

TEST(TranscodeShapes, BootstrapSegmentsStartShort) {
  TempDir tmp;
  auto clip = tmp.path() / "clip.mp4";
  ASSERT_TRUE(testing::make_clip(clip, 320, 180, 5));
  LadderConfig config = small_ladder();
  config.bootstrap_segments = {1.0};
  auto out = tmp.path() / "out";
  auto result = transcode(clip, out, config);
  ASSERT_TRUE(result.has_value()) << result.error().reason;
  auto media = manifest::parse_media(testing::read_text(out / "144p" / "index.m3u8"));
  ASSERT_TRUE(media.has_value());
  std::vector<double> durations;
  for (const auto& segment : media->segments)
    durations.push_back(segment.duration);
  EXPECT_EQ(durations, (std::vector<double>{1.0, 2.0, 2.0}));
  EXPECT_EQ(media->target_duration, 2u);
  expect_playable_and_aligned(out, *result);
}

}  // namespace
}  // namespace origin::transcode
