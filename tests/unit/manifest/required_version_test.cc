// The version rules of section 7: validate() reports each feature below its version and not
// at it, and required_version() gives the same version for the parsed playlist; then
// required_version() on models built by hand, one feature at a time and combined.
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "manifest/parser.h"
#include "manifest/validator.h"

namespace manifest {
namespace {

using Found = std::vector<std::pair<uint32_t, std::string_view>>;  // (line, rule id)

Found found(std::string_view text) {
  Found out;
  for (const Diagnostic& d : validate(text))
    out.emplace_back(d.line, rule_info(d.rule).id);
  return out;
}

std::string messages(std::string_view text) {
  std::string out;
  for (const Diagnostic& d : validate(text))
    out += d.message + "\n";
  return out;
}

Found one(uint32_t line, std::string_view id) {
  return {{line, id}};
}

// A feature, the version it needs, and the line that uses it; "%V" is the declared version.
struct VersionCase {
  std::string_view name;
  std::string_view text;
  uint32_t needed;
  uint32_t line;
};

void PrintTo(const VersionCase& c, std::ostream* os) {
  *os << c.name;
}

std::string declaring(std::string_view text, uint32_t version) {
  std::string out(text);
  out.replace(out.find("%V"), 2, std::to_string(version));
  return out;
}

const std::vector<VersionCase> kVersionCases = {
    {"iv",
     "#EXTM3U\n#EXT-X-VERSION:%V\n#EXT-X-TARGETDURATION:6\n"
     "#EXT-X-KEY:METHOD=AES-128,URI=\"k\",IV=0x000102030405060708090a0b0c0d0e0f\n#EXTINF:6,\na."
     "ts\n",
     2, 4},
    {"float_extinf", "#EXTM3U\n#EXT-X-VERSION:%V\n#EXT-X-TARGETDURATION:6\n#EXTINF:5.005,\na.ts\n",
     3, 4},
    {"byterange",
     "#EXTM3U\n#EXT-X-VERSION:%V\n#EXT-X-TARGETDURATION:6\n#EXTINF:6,\n"
     "#EXT-X-BYTERANGE:1000@0\na.ts\n",
     4, 5},
    {"i_frames_only",
     "#EXTM3U\n#EXT-X-VERSION:%V\n#EXT-X-TARGETDURATION:6\n#EXT-X-I-FRAMES-ONLY\n#EXTINF:6,\na."
     "ts\n",
     4, 4},
    {"keyformat",
     "#EXTM3U\n#EXT-X-VERSION:%V\n#EXT-X-TARGETDURATION:6\n"
     "#EXT-X-KEY:METHOD=AES-128,URI=\"k\",KEYFORMAT=\"identity\",KEYFORMATVERSIONS=\"1\"\n"
     "#EXTINF:6,\na.ts\n",
     5, 4},
    {"sample_aes",
     "#EXTM3U\n#EXT-X-VERSION:%V\n#EXT-X-TARGETDURATION:6\n#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"k\"\n"
     "#EXTINF:6,\na.ts\n",
     5, 4},
    {"map_i_frames_only",
     "#EXTM3U\n#EXT-X-VERSION:%V\n#EXT-X-TARGETDURATION:6\n#EXT-X-I-FRAMES-ONLY\n"
     "#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:6,\na.mp4\n",
     5, 5},
    {"map",
     "#EXTM3U\n#EXT-X-VERSION:%V\n#EXT-X-TARGETDURATION:6\n#EXT-X-MAP:URI=\"init.mp4\"\n"
     "#EXTINF:6,\na.mp4\n",
     6, 4},
    {"instream_service",
     "#EXTM3U\n#EXT-X-VERSION:%V\n"
     "#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID=\"cc\",NAME=\"c\",INSTREAM-ID=\"SERVICE3\"\n"
     "#EXT-X-STREAM-INF:BANDWIDTH=1,CLOSED-CAPTIONS=\"cc\"\nv.m3u8\n",
     7, 3},
    {"instream_id_other_type",
     "#EXTM3U\n#EXT-X-VERSION:%V\n"
     "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"n\",INSTREAM-ID=\"1\",URI=\"a.m3u8\"\n",
     13, 3},
    {"define",
     "#EXTM3U\n#EXT-X-VERSION:%V\n#EXT-X-DEFINE:NAME=\"a\",VALUE=\"v\"\n"
     "#EXT-X-STREAM-INF:BANDWIDTH=1\n{$a}.m3u8\n",
     8, 3},
    {"skip",
     "#EXTM3U\n#EXT-X-VERSION:%V\n#EXT-X-TARGETDURATION:6\n#EXT-X-SERVER-CONTROL:CAN-SKIP-UNTIL="
     "36\n"
     "#EXT-X-SKIP:SKIPPED-SEGMENTS=2\n#EXTINF:6,\na.ts\n",
     9, 5},
    {"skip_dateranges",
     "#EXTM3U\n#EXT-X-VERSION:%V\n#EXT-X-TARGETDURATION:6\n#EXT-X-SERVER-CONTROL:CAN-SKIP-UNTIL="
     "36\n"
     "#EXT-X-SKIP:SKIPPED-SEGMENTS=2,RECENTLY-REMOVED-DATERANGES=\"ad-1\"\n#EXTINF:6,\na.ts\n",
     10, 5},
    {"queryparam",
     "#EXTM3U\n#EXT-X-VERSION:%V\n#EXT-X-DEFINE:QUERYPARAM=\"t\"\n"
     "#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8?t={$t}\n",
     11, 3},
    {"req_attribute",
     "#EXTM3U\n#EXT-X-VERSION:%V\n"
     "#EXT-X-STREAM-INF:BANDWIDTH=1,REQ-VIDEO-LAYOUT=\"CH-STEREO\"\nv.m3u8\n",
     12, 3},
};

class VersionRule : public testing::TestWithParam<VersionCase> {};

TEST_P(VersionRule, IsReportedBelowItsVersionOnly) {
  const VersionCase& c = GetParam();
  const std::string below = declaring(c.text, c.needed - 1);
  EXPECT_EQ(found(below), one(c.line, "version-too-low")) << messages(below);
  const std::string at = declaring(c.text, c.needed);
  EXPECT_EQ(found(at), Found{}) << messages(at);
}

// required_version() reads the same rules off the model that validate() reads off the text.
TEST_P(VersionRule, AgreesWithRequiredVersionOfTheModel) {
  const VersionCase& c = GetParam();
  const auto parsed = parse(declaring(c.text, c.needed));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(std::visit([](const auto& playlist) { return required_version(playlist); }, *parsed),
            c.needed);
}

INSTANTIATE_TEST_SUITE_P(Features, VersionRule, testing::ValuesIn(kVersionCases),
                         [](const testing::TestParamInfo<VersionCase>& param) {
                           return std::string(param.param.name);
                         });

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
  s.details.ensure().keys.push_back(
      attributes({{"METHOD", AttributeValue::enum_value("AES-128")},
                  {"URI", quoted("k")},
                  {"IV", AttributeValue::hex_value("0x00000000000000000000000000000001")}}));
  EXPECT_EQ(required_version(media_with(s)), 2u);
  s.details.ensure().keys.push_back(attributes({{"METHOD", AttributeValue::enum_value("AES-128")},
                                                {"URI", quoted("k")},
                                                {"KEYFORMATVERSIONS", quoted("1")}}));
  EXPECT_EQ(required_version(media_with(s)), 5u);
  MediaSegment sample = segment(6);
  sample.details.ensure().keys.push_back(
      attributes({{"METHOD", AttributeValue::enum_value("SAMPLE-AES")}, {"URI", quoted("k")}}));
  EXPECT_EQ(required_version(media_with(sample)), 5u);
}

TEST(RequiredVersion, ByteRangeAndIFramesNeedFour) {
  MediaSegment s = segment(6);
  s.details.ensure().byte_range = ByteRange{1000, 0};
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

TEST(RequiredVersion, InstreamIdNeedsSevenForServiceAndThirteenOutsideCaptions) {
  MasterPlaylist m;
  m.media.push_back(attributes({{"TYPE", AttributeValue::enum_value("CLOSED-CAPTIONS")},
                                {"GROUP-ID", quoted("cc")},
                                {"NAME", quoted("en")},
                                {"INSTREAM-ID", quoted("CC1")}}));
  EXPECT_EQ(required_version(m), 1u);
  m.media.front().set("INSTREAM-ID", quoted("SERVICE2"));
  EXPECT_EQ(required_version(m), 7u);
  m.media.front().set("TYPE", AttributeValue::enum_value("AUDIO"));
  EXPECT_EQ(required_version(m), 13u);
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
  first.details.ensure().keys.push_back(
      attributes({{"METHOD", AttributeValue::enum_value("AES-128")},
                  {"URI", quoted("k")},
                  {"IV", AttributeValue::hex_value("0x0")}}));
  MediaSegment second = segment(6);
  second.details.ensure().byte_range = ByteRange{10, std::nullopt};
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
