// filter_variants: bounds on resolution, bandwidth and codecs, the last-variant guarantee,
// and the removal of EXT-X-MEDIA groups that lose their last user.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "manifest/parser.h"
#include "manifest/rewrite.h"
#include "manifest/validator.h"
#include "manifest/writer.h"

namespace manifest {
namespace {

Variant variant(std::string uri, uint64_t bandwidth, std::optional<Resolution> resolution,
                std::optional<std::string> codecs, std::optional<std::string> audio = {}) {
  Variant out;
  out.attributes.set("BANDWIDTH", AttributeValue::integer_value(bandwidth));
  if (resolution) out.attributes.set("RESOLUTION", AttributeValue::resolution_value(*resolution));
  if (codecs) out.attributes.set("CODECS", AttributeValue::string_value(*codecs));
  if (audio) out.attributes.set("AUDIO", AttributeValue::string_value(*audio));
  out.uri = std::move(uri);
  return out;
}

AttributeList media(std::string type, std::string group, std::string name) {
  AttributeList out;
  out.set("TYPE", AttributeValue::enum_value(std::move(type)));
  out.set("GROUP-ID", AttributeValue::string_value(std::move(group)));
  out.set("NAME", AttributeValue::string_value(std::move(name)));
  return out;
}

// A ladder from 240p to 1080p, HEVC at the top, with a low and a high audio group.
MasterPlaylist ladder() {
  MasterPlaylist playlist;
  playlist.media.push_back(media("AUDIO", "aac-lc", "English"));
  playlist.media.push_back(media("AUDIO", "ec3", "English"));
  playlist.media.push_back(media("SUBTITLES", "subs", "English"));
  playlist.variants.push_back(
      variant("240p.m3u8", 300000, Resolution{426, 240}, "avc1.42c015,mp4a.40.2", "aac-lc"));
  playlist.variants.push_back(
      variant("360p.m3u8", 800000, Resolution{640, 360}, "avc1.4d401e, mp4a.40.2", "aac-lc"));
  playlist.variants.push_back(
      variant("720p.m3u8", 3000000, Resolution{1280, 720}, "avc1.64001f,ec-3", "ec3"));
  playlist.variants.push_back(
      variant("1080p.m3u8", 6000000, Resolution{1920, 1080}, "hvc1.2.4.L123.B0,ec-3", "ec3"));
  playlist.variants[1].attributes.set("SUBTITLES", AttributeValue::string_value("subs"));
  AttributeList i_frames;
  i_frames.set("BANDWIDTH", AttributeValue::integer_value(200000));
  i_frames.set("RESOLUTION", AttributeValue::resolution_value({1920, 1080}));
  i_frames.set("CODECS", AttributeValue::string_value("hvc1.2.4.L123.B0"));
  i_frames.set("URI", AttributeValue::string_value("1080p_iframes.m3u8"));
  playlist.i_frame_variants.push_back(i_frames);
  return playlist;
}

std::vector<std::string> uris(const MasterPlaylist& playlist) {
  std::vector<std::string> out;
  for (const Variant& v : playlist.variants)
    out.push_back(v.uri);
  return out;
}

std::vector<std::string> groups(const MasterPlaylist& playlist) {
  std::vector<std::string> out;
  for (const AttributeList& m : playlist.media)
    out.emplace_back(*m.get_string("GROUP-ID"));
  return out;
}

TEST(VariantFilterTest, EmptyFilterKeepsEverything) {
  MasterPlaylist playlist = ladder();
  const MasterPlaylist original = playlist;
  EXPECT_EQ(filter_variants(playlist, {}), 0u);
  EXPECT_EQ(playlist, original);
}

TEST(VariantFilterTest, MaxHeightDropsTopRungsAndTheirAudioGroup) {
  MasterPlaylist playlist = ladder();
  VariantFilter filter;
  filter.max_height = 360;
  EXPECT_EQ(filter_variants(playlist, filter), 2u);
  EXPECT_EQ(uris(playlist), (std::vector<std::string>{"240p.m3u8", "360p.m3u8"}));
  EXPECT_EQ(groups(playlist), (std::vector<std::string>{"aac-lc", "subs"}));
  EXPECT_TRUE(playlist.i_frame_variants.empty());
}

TEST(VariantFilterTest, BoundsAreInclusive) {
  MasterPlaylist playlist = ladder();
  VariantFilter filter;
  filter.max_width = 1280;
  filter.min_bandwidth = 800000;
  filter.max_bandwidth = 3000000;
  EXPECT_EQ(filter_variants(playlist, filter), 2u);
  EXPECT_EQ(uris(playlist), (std::vector<std::string>{"360p.m3u8", "720p.m3u8"}));
  EXPECT_EQ(groups(playlist), (std::vector<std::string>{"aac-lc", "ec3", "subs"}));
}

TEST(VariantFilterTest, MinBandwidthDropsTheSubtitleGroupOfARemovedVariant) {
  MasterPlaylist playlist = ladder();
  VariantFilter filter;
  filter.min_bandwidth = 1000000;
  EXPECT_EQ(filter_variants(playlist, filter), 2u);
  EXPECT_EQ(groups(playlist), (std::vector<std::string>{"ec3"}));
  ASSERT_EQ(playlist.i_frame_variants.size(), 1u);
}

TEST(VariantFilterTest, CodecPrefixesMatchWholeComponents) {
  MasterPlaylist playlist = ladder();
  VariantFilter filter;
  filter.codecs = {"avc1", "mp4a.40"};
  EXPECT_EQ(filter_variants(playlist, filter), 2u);
  EXPECT_EQ(uris(playlist), (std::vector<std::string>{"240p.m3u8", "360p.m3u8"}));

  playlist = ladder();
  filter.codecs = {"avc1", "ec-3", "mp4a"};
  EXPECT_EQ(filter_variants(playlist, filter), 1u);
  EXPECT_EQ(uris(playlist), (std::vector<std::string>{"240p.m3u8", "360p.m3u8", "720p.m3u8"}));
  EXPECT_TRUE(playlist.i_frame_variants.empty());

  // "avc" is not "avc1", and "mp4a.4" is not "mp4a.40".
  playlist = ladder();
  filter.codecs = {"avc", "mp4a.4", "hvc1", "ec-3"};
  EXPECT_EQ(filter_variants(playlist, filter), 3u);
  EXPECT_EQ(uris(playlist), (std::vector<std::string>{"1080p.m3u8"}));
  EXPECT_EQ(playlist.i_frame_variants.size(), 1u);
}

TEST(VariantFilterTest, MissingAttributesSatisfyTheirBounds) {
  MasterPlaylist playlist;
  playlist.variants.push_back(variant("audio.m3u8", 64000, std::nullopt, "mp4a.40.2"));
  playlist.variants.push_back(variant("unknown.m3u8", 900000, Resolution{640, 360}, std::nullopt));
  playlist.variants.push_back(variant("big.m3u8", 900000, Resolution{1920, 1080}, "avc1.640028"));
  VariantFilter filter;
  filter.max_height = 720;
  filter.codecs = {"mp4a"};
  EXPECT_EQ(filter_variants(playlist, filter), 1u);
  EXPECT_EQ(uris(playlist), (std::vector<std::string>{"audio.m3u8", "unknown.m3u8"}));
}

TEST(VariantFilterTest, NeverRemovesTheLastVariant) {
  MasterPlaylist playlist = ladder();
  // Put the cheapest rung in the middle to see that it is chosen by bandwidth, not position.
  std::swap(playlist.variants[0], playlist.variants[2]);
  VariantFilter filter;
  filter.max_bandwidth = 1000;
  EXPECT_EQ(filter_variants(playlist, filter), 3u);
  EXPECT_EQ(uris(playlist), (std::vector<std::string>{"240p.m3u8"}));
  EXPECT_EQ(groups(playlist), (std::vector<std::string>{"aac-lc"}));
  EXPECT_TRUE(playlist.i_frame_variants.empty());
}

TEST(VariantFilterTest, EqualBandwidthFallbackKeepsTheFirst) {
  MasterPlaylist playlist;
  playlist.variants.push_back(variant("a.m3u8", 500, Resolution{1920, 1080}, std::nullopt));
  playlist.variants.push_back(variant("b.m3u8", 500, Resolution{1920, 1080}, std::nullopt));
  VariantFilter filter;
  filter.max_height = 100;
  EXPECT_EQ(filter_variants(playlist, filter), 1u);
  EXPECT_EQ(uris(playlist), (std::vector<std::string>{"a.m3u8"}));
}

TEST(VariantFilterTest, EmptyPlaylistStaysEmpty) {
  MasterPlaylist playlist;
  VariantFilter filter;
  filter.max_height = 100;
  EXPECT_EQ(filter_variants(playlist, filter), 0u);
  EXPECT_TRUE(playlist.variants.empty());
}

TEST(VariantFilterTest, GroupsWithoutUsersBeforeFilteringStay) {
  MasterPlaylist playlist = ladder();
  playlist.media.push_back(media("AUDIO", "commentary", "Director"));
  playlist.media.push_back(media("CLOSED-CAPTIONS", "cc", "English"));
  playlist.variants[3].attributes.set("CLOSED-CAPTIONS", AttributeValue::string_value("cc"));
  VariantFilter filter;
  filter.max_height = 720;
  filter_variants(playlist, filter);
  // "cc" lost its only user; "commentary" never had one and is left as written.
  EXPECT_EQ(groups(playlist), (std::vector<std::string>{"aac-lc", "ec3", "subs", "commentary"}));
}

TEST(VariantFilterTest, GroupsAreKeyedByType) {
  MasterPlaylist playlist;
  playlist.media.push_back(media("AUDIO", "main", "English"));
  playlist.media.push_back(media("VIDEO", "main", "Angle 1"));
  playlist.variants.push_back(variant("a.m3u8", 100, std::nullopt, std::nullopt, "main"));
  Variant with_video = variant("b.m3u8", 200, std::nullopt, std::nullopt);
  with_video.attributes.set("VIDEO", AttributeValue::string_value("main"));
  playlist.variants.push_back(with_video);
  VariantFilter filter;
  filter.max_bandwidth = 150;
  EXPECT_EQ(filter_variants(playlist, filter), 1u);
  ASSERT_EQ(playlist.media.size(), 1u);
  EXPECT_EQ(playlist.media[0].get_enum("TYPE"), "AUDIO");
}

TEST(VariantFilterTest, FilteredPlaylistStaysValid) {
  auto playlist = parse_master(
      "#EXTM3U\n#EXT-X-VERSION:4\n"
      "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"lo\",NAME=\"English\",URI=\"audio/lo.m3u8\"\n"
      "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"hi\",NAME=\"English\",URI=\"audio/hi.m3u8\"\n"
      "#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,CODECS=\"avc1.4d401e,mp4a.40.2\","
      "AUDIO=\"lo\"\n360p/index.m3u8\n"
      "#EXT-X-STREAM-INF:BANDWIDTH=6000000,RESOLUTION=1920x1080,CODECS=\"hvc1.2.4.L123.B0,ec-3\","
      "AUDIO=\"hi\"\n1080p/index.m3u8\n"
      "#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=90000,RESOLUTION=1920x1080,"
      "CODECS=\"hvc1.2.4.L123.B0\",URI=\"1080p/iframes.m3u8\"\n");
  ASSERT_TRUE(playlist.has_value()) << playlist.error().message;
  VariantFilter filter;
  filter.codecs = {"avc1", "mp4a"};
  EXPECT_EQ(filter_variants(*playlist, filter), 1u);
  const std::string text = write(*playlist);
  EXPECT_EQ(text,
            "#EXTM3U\n#EXT-X-VERSION:4\n"
            "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"lo\",NAME=\"English\",URI=\"audio/lo.m3u8\"\n"
            "#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,"
            "CODECS=\"avc1.4d401e,mp4a.40.2\",AUDIO=\"lo\"\n360p/index.m3u8\n");
  for (const Diagnostic& diagnostic : validate(text)) {
    ADD_FAILURE() << diagnostic.line << ": " << diagnostic.message;
  }
}
}  // namespace
}  // namespace manifest
