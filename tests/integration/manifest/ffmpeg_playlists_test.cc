// Reads playlists that libavformat's HLS muxer (the ffmpeg binary) writes for MPEG-TS,
// fMP4, single-file byte ranges and multivariant output: they parse, validate clean, round
// trip, and the objects that pre-warming would fetch exist on disk.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "manifest/parser.h"
#include "manifest/playlist.h"
#include "manifest/rewrite.h"
#include "manifest/validator.h"
#include "manifest/writer.h"

namespace manifest {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kFfmpeg = SWIPECDN_FFMPEG_EXECUTABLE;
// More than any playlist here has, so first_segments returns every segment.
constexpr size_t kAllSegments = 1000;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string data(fs::exists(path) ? fs::file_size(path) : 0, '\0');
  in.read(data.data(), static_cast<std::streamsize>(data.size()));
  data.resize(static_cast<size_t>(in.gcount()));
  return data;
}

// Quotes for /bin/sh; our arguments come from this file, the quoting only guards spaces.
std::string shell_quote(std::string_view s) {
  std::string out = "'";
  for (char c : s)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

class FfmpegPlaylists : public ::testing::Test {
 protected:
  void SetUp() override {
    if (kFfmpeg.empty() || !fs::exists(kFfmpeg)) GTEST_SKIP() << "ffmpeg not found";
    std::string pattern = (fs::temp_directory_path() / "manifest-ffmpeg-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  // libx264 when this ffmpeg has it (Debian's does), else the always-built MPEG-2 encoder.
  static std::string video_codec() {
    static const std::string codec = [] {
      const std::string command = shell_quote(kFfmpeg) + " -hide_banner -encoders 2>/dev/null";
      std::string listing;
      if (FILE* pipe = popen(command.c_str(), "r")) {
        char buffer[4096];
        while (size_t n = fread(buffer, 1, sizeof buffer, pipe))
          listing.append(buffer, n);
        pclose(pipe);
      }
      return listing.find(" libx264 ") != std::string::npos
                 ? std::string("-c:v libx264 -preset ultrafast")
                 : std::string("-c:v mpeg2video");
    }();
    return codec;
  }

  // Runs ffmpeg in the temp dir on 3 s of generated video and audio; `output_args` ends with
  // the output playlist's name, since ffmpeg ignores options after it.
  void run_ffmpeg(const std::string& output_args) {
    const std::string command =
        "cd " + shell_quote(dir_.string()) + " && " + shell_quote(kFfmpeg) +
        " -hide_banner -nostdin -loglevel error -f lavfi -i testsrc2=size=160x90:rate=25:duration=3"
        " -f lavfi -i sine=frequency=440:duration=3 " +
        video_codec() + " -g 25 -c:a aac -b:a 32k -f hls -hls_time 1 -hls_playlist_type vod " +
        output_args + " > ffmpeg.log 2>&1";
    const int status = std::system(command.c_str());
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << command << "\n"
                                                               << read_file(dir_ / "ffmpeg.log");
  }

  // Parses `name` as a media playlist and checks validation, round trip and the files that
  // first_segments names. Returns how many init sections and segments it named.
  void check_media(const std::string& name, size_t* inits, size_t* segments) {
    const std::string text = read_file(dir_ / name);
    SCOPED_TRACE(name + ":\n" + text);
    auto parsed = parse(text);
    ASSERT_TRUE(parsed) << parsed.error().line << ": " << parsed.error().message;
    ASSERT_TRUE(std::holds_alternative<MediaPlaylist>(*parsed));
    const auto& media = std::get<MediaPlaylist>(*parsed);
    expect_valid(text);
    expect_round_trip(media);
    EXPECT_TRUE(media.end_list);
    ASSERT_FALSE(media.segments.empty());

    *inits = 0;
    *segments = 0;
    for (const WarmObject& object : first_segments(media, kAllSegments)) {
      const fs::path file = dir_ / object.uri;
      ASSERT_TRUE(fs::is_regular_file(file)) << object.uri;
      if (object.byte_range) {
        ASSERT_TRUE(object.byte_range->offset.has_value());
        EXPECT_LE(*object.byte_range->offset + object.byte_range->length, fs::file_size(file))
            << object.uri;
        EXPECT_GT(object.byte_range->length, 0u);
      }
      if (object.kind == WarmObject::Kind::kInit) {
        ++*inits;
      } else {
        ++*segments;
        EXPECT_GT(object.duration, 0);
      }
    }
    EXPECT_EQ(*segments, media.segments.size());
  }

  MasterPlaylist check_master(const std::string& name) {
    const std::string text = read_file(dir_ / name);
    SCOPED_TRACE(name + ":\n" + text);
    auto parsed = parse(text);
    EXPECT_TRUE(parsed) << parsed.error().line << ": " << parsed.error().message;
    if (!parsed || !std::holds_alternative<MasterPlaylist>(*parsed)) {
      ADD_FAILURE() << "not a master playlist";
      return {};
    }
    const auto& master = std::get<MasterPlaylist>(*parsed);
    expect_valid(text);
    expect_round_trip(master);
    return master;
  }

  static void expect_valid(std::string_view text) {
    std::ostringstream found;
    for (const Diagnostic& d : validate(text)) {
      found << d.line << ": " << rule_info(d.rule).id << ": " << d.message << "\n";
    }
    EXPECT_EQ(found.str(), "");
  }

  template <typename Model>
  static void expect_round_trip(const Model& model) {
    const std::string text = write(model);
    auto again = parse(text);
    ASSERT_TRUE(again) << text;
    ASSERT_TRUE(std::holds_alternative<Model>(*again)) << text;
    EXPECT_TRUE(std::get<Model>(*again) == model) << text;
    EXPECT_EQ(write(std::get<Model>(*again)), text);
  }

  fs::path dir_;
};

TEST_F(FfmpegPlaylists, MpegTsSegments) {
  run_ffmpeg("-hls_segment_filename ts_%03d.ts ts.m3u8");
  size_t inits = 0, segments = 0;
  check_media("ts.m3u8", &inits, &segments);
  EXPECT_EQ(inits, 0u);
  EXPECT_GE(segments, 3u);
}

TEST_F(FfmpegPlaylists, Fmp4WithInitSection) {
  run_ffmpeg(
      "-hls_segment_type fmp4 -hls_fmp4_init_filename init.mp4 "
      "-hls_segment_filename seg_%03d.m4s fmp4.m3u8");
  size_t inits = 0, segments = 0;
  check_media("fmp4.m3u8", &inits, &segments);
  EXPECT_EQ(inits, 1u);
  EXPECT_GE(segments, 3u);
  const auto media = parse_media(read_file(dir_ / "fmp4.m3u8"));
  ASSERT_TRUE(media);
  ASSERT_TRUE(media->segments.front().map.has_value());
  EXPECT_EQ(media->segments.front().map->get_string("URI"), "init.mp4");
}

TEST_F(FfmpegPlaylists, SingleFileByteRanges) {
  run_ffmpeg("-hls_flags single_file single.m3u8");
  size_t inits = 0, segments = 0;
  check_media("single.m3u8", &inits, &segments);
  EXPECT_GE(segments, 3u);
  // The ranges tile the file from its start: each begins where the previous one ended.
  const auto media = parse_media(read_file(dir_ / "single.m3u8"));
  ASSERT_TRUE(media);
  uint64_t next = 0;
  for (const WarmObject& object : first_segments(*media, kAllSegments)) {
    ASSERT_TRUE(object.byte_range.has_value()) << object.uri;
    EXPECT_EQ(object.byte_range->offset, next);
    next = *object.byte_range->offset + object.byte_range->length;
  }
  EXPECT_EQ(next, fs::file_size(dir_ / "single.ts"));
}

TEST_F(FfmpegPlaylists, MasterWithTwoVariants) {
  run_ffmpeg(
      "-map 0:v -map 1:a -map 0:v -map 1:a -s:v:1 96x54 -b:v:0 300k -b:v:1 100k "
      "-master_pl_name master.m3u8 -var_stream_map 'v:0,a:0 v:1,a:1' "
      "-hls_segment_filename 'var%v_%03d.ts' 'var%v.m3u8'");
  const MasterPlaylist master = check_master("master.m3u8");
  ASSERT_EQ(master.variants.size(), 2u);
  EXPECT_EQ(master.variants[1].attributes.get_resolution("RESOLUTION"), (Resolution{96, 54}));
  for (const Variant& variant : master.variants) {
    EXPECT_TRUE(variant.attributes.get_integer("BANDWIDTH").has_value());
    size_t inits = 0, segments = 0;
    check_media(variant.uri, &inits, &segments);
    EXPECT_GE(segments, 3u);
  }
}

TEST_F(FfmpegPlaylists, MasterWithAudioGroupInFmp4) {
  run_ffmpeg(
      "-map 1:a -map 0:v -map 0:v -s:v:1 96x54 -b:v:0 300k -b:v:1 100k -hls_segment_type fmp4 "
      "-master_pl_name master.m3u8 "
      "-var_stream_map 'a:0,agroup:aud,default:yes,language:en v:0,agroup:aud v:1,agroup:aud' "
      "-hls_fmp4_init_filename 'init_%v.mp4' -hls_segment_filename 'g%v_%03d.m4s' 'g%v.m3u8'");
  const MasterPlaylist master = check_master("master.m3u8");
  ASSERT_EQ(master.media.size(), 1u);
  ASSERT_EQ(master.variants.size(), 2u);
  const auto group = master.media[0].get_string("GROUP-ID");
  const auto audio = master.media[0].get_string("URI");
  ASSERT_TRUE(group.has_value() && audio.has_value());
  std::vector<std::string> playlists{std::string(*audio)};
  for (const Variant& variant : master.variants) {
    EXPECT_EQ(variant.attributes.get_string("AUDIO"), group);
    playlists.push_back(variant.uri);
  }
  for (const std::string& name : playlists) {
    size_t inits = 0, segments = 0;
    check_media(name, &inits, &segments);
    EXPECT_EQ(inits, 1u);
  }
}

}  // namespace
}  // namespace manifest
