// required_version(): the lowest EXT-X-VERSION of section 7 for models built by hand, one
// feature at a time and combined, and for parsed playlists.
#include <gtest/gtest.h>

#include <initializer_list>
#include <string_view>
#include <utility>

#include "manifest/parser.h"
#include "manifest/validator.h"

namespace manifest {
namespace {

AttributeList attributes(std::initializer_list<std::pair<std::string_view, AttributeValue>> items) {
  AttributeList list;
  for (const auto& [name, value] : items)
    list.set(name, value);
  return list;
}

AttributeValue quoted(std::string text) {
  return AttributeValue::string_value(std::move(text));
}

MediaSegment segment(double duration) {
  MediaSegment s;
  s.duration = duration;
  s.uri = "seg.ts";
  return s;
}

MediaPlaylist media_with(MediaSegment s) {
  MediaPlaylist p;
  p.target_duration = 6;
  p.segments.push_back(std::move(s));
  return p;
}

TEST(RequiredVersion, PlainPlaylistsNeedVersionOne) {
  EXPECT_EQ(required_version(MediaPlaylist{}), 1u);
  EXPECT_EQ(required_version(MasterPlaylist{}), 1u);
  EXPECT_EQ(required_version(media_with(segment(6.0))), 1u);
}

TEST(RequiredVersion, FractionalDurationNeedsThree) {
  EXPECT_EQ(required_version(media_with(segment(5.005))), 3u);
}

TEST(RequiredVersion, KeyAttributes) {
  MediaSegment s = segment(6);
  s.keys.push_back(
      attributes({{"METHOD", AttributeValue::enum_value("AES-128")},
                  {"URI", quoted("k")},
                  {"IV", AttributeValue::hex_value("0x00000000000000000000000000000001")}}));
  EXPECT_EQ(required_version(media_with(s)), 2u);
  s.keys.push_back(attributes({{"METHOD", AttributeValue::enum_value("AES-128")},
                               {"URI", quoted("k")},
                               {"KEYFORMATVERSIONS", quoted("1")}}));
  EXPECT_EQ(required_version(media_with(s)), 5u);
  MediaSegment sample = segment(6);
  sample.keys.push_back(
      attributes({{"METHOD", AttributeValue::enum_value("SAMPLE-AES")}, {"URI", quoted("k")}}));
  EXPECT_EQ(required_version(media_with(sample)), 5u);
}

TEST(RequiredVersion, ByteRangeAndIFramesNeedFour) {
  MediaSegment s = segment(6);
  s.byte_range = ByteRange{1000, 0};
  EXPECT_EQ(required_version(media_with(s)), 4u);
  MediaPlaylist frames = media_with(segment(6));
  frames.i_frames_only = true;
  EXPECT_EQ(required_version(frames), 4u);
}

TEST(RequiredVersion, MapNeedsSixOrFiveWithIFramesOnly) {
  MediaSegment s = segment(6);
  s.map = attributes({{"URI", quoted("init.mp4")}});
  MediaPlaylist p = media_with(s);
  EXPECT_EQ(required_version(p), 6u);
  p.i_frames_only = true;
  EXPECT_EQ(required_version(p), 5u);
}

TEST(RequiredVersion, MapOfTheOpenSegmentCounts) {
  MediaPlaylist p = media_with(segment(6));
  p.open_segment = MediaSegment{};
  p.open_segment->duration = 0.5;  // unused for the open segment
  EXPECT_EQ(required_version(p), 1u);
  p.open_segment->map = attributes({{"URI", quoted("init.mp4")}});
  EXPECT_EQ(required_version(p), 6u);
}

TEST(RequiredVersion, VariablesNeedEightAndQueryParamEleven) {
  MediaPlaylist p = media_with(segment(6));
  p.defines.push_back(attributes({{"IMPORT", quoted("base")}}));
  EXPECT_EQ(required_version(p), 8u);
  MasterPlaylist m;
  m.defines.push_back(attributes({{"QUERYPARAM", quoted("token")}}));
  EXPECT_EQ(required_version(m), 11u);
}

TEST(RequiredVersion, SkipNeedsNineOrTenWithDateRanges) {
  MediaPlaylist p = media_with(segment(6));
  p.skip = attributes({{"SKIPPED-SEGMENTS", AttributeValue::integer_value(3)}});
  EXPECT_EQ(required_version(p), 9u);
  p.skip->set("RECENTLY-REMOVED-DATERANGES", quoted("ad-1"));
  EXPECT_EQ(required_version(p), 10u);
}

TEST(RequiredVersion, InstreamServiceNeedsSeven) {
  MasterPlaylist m;
  m.media.push_back(attributes({{"TYPE", AttributeValue::enum_value("CLOSED-CAPTIONS")},
                                {"GROUP-ID", quoted("cc")},
                                {"NAME", quoted("en")},
                                {"INSTREAM-ID", quoted("CC1")}}));
  EXPECT_EQ(required_version(m), 1u);
  m.media.front().set("INSTREAM-ID", quoted("SERVICE2"));
  EXPECT_EQ(required_version(m), 7u);
}

TEST(RequiredVersion, ReqAttributesNeedTwelve) {
  MasterPlaylist m;
  Variant v;
  v.attributes = attributes({{"BANDWIDTH", AttributeValue::integer_value(800000)}});
  v.uri = "360p/index.m3u8";
  m.variants.push_back(v);
  EXPECT_EQ(required_version(m), 1u);
  m.variants.front().attributes.set("REQ-VIDEO-LAYOUT", quoted("CH-STEREO"));
  EXPECT_EQ(required_version(m), 12u);
  MasterPlaylist frames;
  frames.i_frame_variants.push_back(
      attributes({{"BANDWIDTH", AttributeValue::integer_value(1)}, {"REQ-X", quoted("y")}}));
  EXPECT_EQ(required_version(frames), 12u);
}

TEST(RequiredVersion, TakesTheHighestNeed) {
  MediaSegment first = segment(5.5);
  first.keys.push_back(attributes({{"METHOD", AttributeValue::enum_value("AES-128")},
                                   {"URI", quoted("k")},
                                   {"IV", AttributeValue::hex_value("0x0")}}));
  MediaSegment second = segment(6);
  second.byte_range = ByteRange{10, std::nullopt};
  MediaPlaylist p = media_with(first);
  p.segments.push_back(second);
  EXPECT_EQ(required_version(p), 4u);
}

constexpr std::string_view kLowLatency = R"(#EXTM3U
#EXT-X-VERSION:10
#EXT-X-TARGETDURATION:4
#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=24,PART-HOLD-BACK=1.0
#EXT-X-PART-INF:PART-TARGET=0.5
#EXT-X-MEDIA-SEQUENCE:100
#EXT-X-SKIP:SKIPPED-SEGMENTS=6,RECENTLY-REMOVED-DATERANGES="ad-7"
#EXT-X-MAP:URI="init.mp4"
#EXTINF:4.0,
seg_106.m4s
#EXT-X-PART:DURATION=0.5,URI="seg_107.0.m4s",INDEPENDENT=YES
#EXT-X-PRELOAD-HINT:TYPE=PART,URI="seg_107.1.m4s"
)";

TEST(RequiredVersion, OfAParsedPlaylistIsWhatItDeclares) {
  const auto parsed = parse_media(kLowLatency);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(required_version(*parsed), 10u);
  EXPECT_TRUE(validate(kLowLatency).empty());
}

}  // namespace
}  // namespace manifest
