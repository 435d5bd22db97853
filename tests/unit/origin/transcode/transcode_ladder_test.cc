// End-to-end transcodes of small generated clips: files, playlists (manifest's validator),
// clean decodes, keyframes aligned across renditions, CODECS and RESOLUTION as produced.
#include <gtest/gtest.h>

#include <cmath>

#include "manifest/parser.h"
#include "manifest/validator.h"
#include "media_tools.h"
#include "origin/transcode/transcode.h"

namespace origin::transcode {
namespace {

using testing::TempDir;

// Small rungs keep the tests light on the shared machine.
LadderConfig small_ladder() {
  LadderConfig config;
  config.ladder = {{"144p", 144, 150'000}, {"240p", 240, 300'000}, {"360p", 360, 500'000}};
  config.x264_preset = "ultrafast";
  config.threads = 2;
  return config;
}

void expect_valid_playlist(const std::filesystem::path& file) {
  std::string text = testing::read_text(file);
  ASSERT_FALSE(text.empty()) << file;
  auto diagnostics = manifest::validate(text);
  EXPECT_TRUE(diagnostics.empty()) << file << ": " << diagnostics.front().message;
}

manifest::MasterPlaylist read_master(const std::filesystem::path& dir) {
  auto master = manifest::parse_master(testing::read_text(dir / "master.m3u8"));
  EXPECT_TRUE(master.has_value());
  return master.value_or(manifest::MasterPlaylist{});
}

TEST(TranscodeLadder, LandscapeClipGivesAlignedValidRenditions) {
  TempDir tmp;
  auto source = tmp.path() / "in.mp4";
  ASSERT_TRUE(testing::make_clip(source, 480, 270, 4.5));
  auto out = tmp.path() / "out";
  LadderConfig config = small_ladder();
  double last_progress = 0;
  auto result = transcode(source, out, config, [&](double p) { last_progress = p; });
  ASSERT_TRUE(result.has_value()) << result.error().reason;
  EXPECT_EQ(result->renditions, (std::vector<std::string>{"144p", "240p"}));  // 360p > 270
  EXPECT_EQ(result->source.width, 480);
  EXPECT_EQ(result->source.height, 270);
  EXPECT_TRUE(result->source.has_audio);
  EXPECT_NEAR(static_cast<double>(result->duration_ms), 4500, 100);
  EXPECT_DOUBLE_EQ(last_progress, 1.0);

  expect_valid_playlist(out / "master.m3u8");
  for (const char* name : {"thumb.jpg", "thumb_0.jpg", "thumb_1.jpg", "thumb_2.jpg"}) {
    EXPECT_EQ(testing::probe_entry(out / name, "stream=codec_name", "v:0"), "mjpeg") << name;
  }
  EXPECT_EQ(testing::probe_entry(out / "thumb.jpg", "stream=width", "v:0"), "480");

  std::vector<std::vector<double>> keyframes;
  for (const std::string& name : result->renditions) {
    auto dir = out / name;
    expect_valid_playlist(dir / "index.m3u8");
    auto media = manifest::parse_media(testing::read_text(dir / "index.m3u8"));
    ASSERT_TRUE(media.has_value());
    EXPECT_EQ(media->segments.size(), 3u);  // 2 s, 2 s, 0.5 s
    EXPECT_TRUE(media->end_list);
    EXPECT_TRUE(media->independent_segments);
    EXPECT_EQ(testing::decode_errors(dir / "index.m3u8", "-allowed_extensions ALL"), "");
    auto joined = testing::join_segments(dir);
    EXPECT_EQ(testing::decode_errors(joined), "");
    keyframes.push_back(testing::keyframe_times(joined));
    EXPECT_EQ(testing::probe_entry(joined, "stream=codec_name", "a:0"), "aac");
  }
  ASSERT_EQ(keyframes[0].size(), 3u);
  EXPECT_EQ(keyframes[0], keyframes[1]);
  EXPECT_NEAR(keyframes[0][1] - keyframes[0][0], 2.0, 1e-6);
  EXPECT_NEAR(keyframes[0][2] - keyframes[0][0], 4.0, 1e-6);

  manifest::MasterPlaylist master = read_master(out);
  ASSERT_EQ(master.variants.size(), 2u);
  EXPECT_TRUE(master.independent_segments);
  const auto& low = master.variants[0].attributes;
  EXPECT_EQ(master.variants[0].uri, "144p/index.m3u8");
  EXPECT_EQ(low.get_resolution("RESOLUTION"), (manifest::Resolution{256, 144}));
  EXPECT_EQ(master.variants[1].attributes.get_resolution("RESOLUTION"),
            (manifest::Resolution{426, 240}));
  EXPECT_NEAR(low.get_number("FRAME-RATE").value_or(0), 30.0, 1e-9);
  auto codecs = std::string(low.get_string("CODECS").value_or(""));
  EXPECT_EQ(codecs.substr(0, 5), "avc1.");
  EXPECT_NE(codecs.find(",mp4a.40.2"), std::string::npos);
  std::string profile =
      testing::probe_entry(testing::join_segments(out / "144p"), "stream=profile", "v:0");
  EXPECT_EQ(profile, "Constrained Baseline") << "ultrafast gives baseline";
  EXPECT_EQ(codecs.substr(5, 2), "42");
  EXPECT_GE(low.get_integer("BANDWIDTH").value_or(0),
            low.get_integer("AVERAGE-BANDWIDTH").value_or(1));
}

}  // namespace
}  // namespace origin::transcode
