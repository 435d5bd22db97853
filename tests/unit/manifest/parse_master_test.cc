// Master (multivariant) playlist parsing: renditions, variants, I-frame variants, session data
// and keys, content steering, unknown lines, and the structural errors.
#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "manifest/parser.h"

namespace manifest {
namespace {

MasterPlaylist master(std::string_view text) {
  auto playlist = parse_master(text);
  EXPECT_TRUE(playlist.has_value())
      << "line " << playlist.error().line << ": " << playlist.error().message << "\n"
      << text;
  return playlist ? std::move(*playlist) : MasterPlaylist();
}

void expect_error(std::string_view text, ParseErrorCode code, uint32_t line) {
  auto playlist = parse(text);
  ASSERT_FALSE(playlist.has_value()) << text;
  EXPECT_EQ(playlist.error().code, code)
      << to_string(playlist.error().code) << ": " << playlist.error().message << "\n"
      << text;
  EXPECT_EQ(playlist.error().line, line) << playlist.error().message << "\n" << text;
}

constexpr std::string_view kLadder = R"(#EXTM3U
#EXT-X-VERSION:6
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-START:TIME-OFFSET=0.0
#EXT-X-DEFINE:NAME="cdn",VALUE="https://cdn.example.com"
#EXT-X-SESSION-DATA:DATA-ID="com.example.title",VALUE="Swipe clip",LANGUAGE="en"
#EXT-X-SESSION-DATA:DATA-ID="com.example.lyrics",URI="lyrics.json"
#EXT-X-SESSION-KEY:METHOD=SAMPLE-AES,URI="skd://key65",KEYFORMAT="com.apple.streamingkeydelivery"
#EXT-X-CONTENT-STEERING:SERVER-URI="/_edge/steer?video=v42",PATHWAY-ID="pop-fra"
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",LANGUAGE="en",NAME="English",AUTOSELECT=YES,DEFAULT=YES,CHANNELS="2",URI="audio/en/index.m3u8"
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",LANGUAGE="de",NAME="Deutsch",AUTOSELECT=YES,DEFAULT=NO,CHANNELS="2",URI="audio/de/index.m3u8"
#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",LANGUAGE="en",NAME="English",URI="subs/en/index.m3u8"
#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID="cc",NAME="CC1",INSTREAM-ID="CC1"
#EXT-X-STREAM-INF:BANDWIDTH=1280000,AVERAGE-BANDWIDTH=1000000,CODECS="avc1.4d401f,mp4a.40.2",RESOLUTION=640x360,FRAME-RATE=29.970,AUDIO="aac",SUBTITLES="subs",CLOSED-CAPTIONS="cc",PATHWAY-ID="pop-fra",STABLE-VARIANT-ID="360p"
360p/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=1280000,CODECS="avc1.4d401f,mp4a.40.2",RESOLUTION=640x360,AUDIO="aac",PATHWAY-ID="pop-ams",STABLE-VARIANT-ID="360p"
https://ams.example.com/v/v42/360p/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=5000000,CODECS="avc1.640028,mp4a.40.2",RESOLUTION=1920x1080,HDCP-LEVEL=TYPE-0,VIDEO-RANGE=SDR,SCORE=2.5,AUDIO="aac",CLOSED-CAPTIONS=NONE
1080p/index.m3u8
#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=86000,CODECS="avc1.4d401f",RESOLUTION=640x360,URI="360p/iframes.m3u8"
#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=300000,CODECS="avc1.640028",RESOLUTION=1920x1080,URI="1080p/iframes.m3u8"
)";

TEST(ParseMasterTest, LadderWithRenditionsSessionsAndSteering) {
  auto parsed = parse(kLadder);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  ASSERT_TRUE(std::holds_alternative<MasterPlaylist>(*parsed));
  const MasterPlaylist& p = std::get<MasterPlaylist>(*parsed);
  EXPECT_EQ(p.version, 6u);
  EXPECT_TRUE(p.independent_segments);
  ASSERT_TRUE(p.start.has_value());
  EXPECT_EQ(p.start->get_number("TIME-OFFSET"), 0.0);
  ASSERT_EQ(p.defines.size(), 1u);
  EXPECT_EQ(p.defines[0].get_string("VALUE"), "https://cdn.example.com");

  ASSERT_EQ(p.session_data.size(), 2u);
  EXPECT_EQ(p.session_data[0].get_string("VALUE"), "Swipe clip");
  EXPECT_EQ(p.session_data[1].get_string("URI"), "lyrics.json");
  ASSERT_EQ(p.session_keys.size(), 1u);
  EXPECT_EQ(p.session_keys[0].get_enum("METHOD"), "SAMPLE-AES");
  ASSERT_TRUE(p.content_steering.has_value());
  EXPECT_EQ(p.content_steering->get_string("SERVER-URI"), "/_edge/steer?video=v42");
  EXPECT_EQ(p.content_steering->get_string("PATHWAY-ID"), "pop-fra");

  ASSERT_EQ(p.media.size(), 4u);
  EXPECT_EQ(p.media[0].get_enum("TYPE"), "AUDIO");
  EXPECT_EQ(p.media[1].get_string("LANGUAGE"), "de");
  EXPECT_EQ(p.media[2].get_enum("TYPE"), "SUBTITLES");
  EXPECT_EQ(p.media[3].get_string("INSTREAM-ID"), "CC1");
  EXPECT_FALSE(p.media[3].contains("URI"));

  ASSERT_EQ(p.variants.size(), 3u);
  const Variant& low = p.variants[0];
  EXPECT_EQ(low.uri, "360p/index.m3u8");
  EXPECT_EQ(low.attributes.get_integer("BANDWIDTH"), 1280000u);
  EXPECT_EQ(low.attributes.get_integer("AVERAGE-BANDWIDTH"), 1000000u);
  EXPECT_EQ(low.attributes.get_string("CODECS"), "avc1.4d401f,mp4a.40.2");
  EXPECT_EQ(low.attributes.get_resolution("RESOLUTION"), (Resolution{640, 360}));
  EXPECT_DOUBLE_EQ(*low.attributes.get_number("FRAME-RATE"), 29.97);
  EXPECT_EQ(low.attributes.get_string("PATHWAY-ID"), "pop-fra");
  EXPECT_EQ(low.attributes.get_string("STABLE-VARIANT-ID"), "360p");
  EXPECT_EQ(p.variants[1].uri, "https://ams.example.com/v/v42/360p/index.m3u8");
  EXPECT_EQ(p.variants[1].attributes.get_string("PATHWAY-ID"), "pop-ams");
  EXPECT_EQ(p.variants[2].attributes.get_enum("HDCP-LEVEL"), "TYPE-0");
  EXPECT_EQ(p.variants[2].attributes.get_enum("CLOSED-CAPTIONS"), "NONE");
  EXPECT_EQ(p.variants[2].attributes.get_number("SCORE"), 2.5);

  ASSERT_EQ(p.i_frame_variants.size(), 2u);
  EXPECT_EQ(p.i_frame_variants[1].get_string("URI"), "1080p/iframes.m3u8");
  EXPECT_TRUE(p.header_lines.empty());
  EXPECT_TRUE(p.trailing_lines.empty());
}

TEST(ParseMasterTest, UnknownLinesKeepTheirPlace) {
  const MasterPlaylist p = master(R"(#EXTM3U
# packaged by origind
#EXT-X-VERSION:3
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="en",URI="a.m3u8"
# low rung
#EXT-X-STREAM-INF:BANDWIDTH=300000
#EXT-X-PROGRAM-X:1
low.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=900000
high.m3u8
#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=50000,URI="iframes.m3u8"
# end
)");
  EXPECT_EQ(p.header_lines, std::vector<std::string>{"# packaged by origind"});
  ASSERT_EQ(p.variants.size(), 2u);
  EXPECT_EQ(p.variants[0].extra_lines,
            (std::vector<std::string>{"# low rung", "#EXT-X-PROGRAM-X:1"}));
  EXPECT_TRUE(p.variants[1].extra_lines.empty());
  EXPECT_EQ(p.trailing_lines, std::vector<std::string>{"# end"});
}

TEST(ParseMasterTest, ABlankLineSetsTheFirstVariantsLinesApart) {
  const MasterPlaylist p =
      master("#EXTM3U\n# header\n\n# first variant\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n");
  EXPECT_EQ(p.header_lines, std::vector<std::string>{"# header"});
  EXPECT_EQ(p.variants[0].extra_lines, std::vector<std::string>{"# first variant"});
  // Before another master tag the held-back lines stay in the header.
  const MasterPlaylist q = master(
      "#EXTM3U\n\n# audio\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"en\"\n"
      "#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n");
  EXPECT_EQ(q.header_lines, std::vector<std::string>{"# audio"});
  EXPECT_TRUE(q.variants[0].extra_lines.empty());
}

TEST(ParseMasterTest, StreamInfNeedsItsUri) {
  expect_error("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n#EXT-X-STREAM-INF:BANDWIDTH=2\nv.m3u8\n",
               ParseErrorCode::kMissingUri, 2);
  expect_error("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=2\n",
               ParseErrorCode::kMissingUri, 4);
  expect_error("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\nw.m3u8\n",
               ParseErrorCode::kUnexpectedUri, 4);
  expect_error("#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"b\"\nv.m3u8\n",
               ParseErrorCode::kUnexpectedUri, 3);
}

TEST(ParseMasterTest, MediaTagsInAMasterPlaylist) {
  expect_error("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n#EXT-X-TARGETDURATION:6\n",
               ParseErrorCode::kMixedPlaylist, 4);
  expect_error("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n#EXTINF:6,\nv.m3u8\n",
               ParseErrorCode::kMixedPlaylist, 3);
  auto as_master = parse_master("#EXTM3U\n#EXT-X-TARGETDURATION:6\n");
  ASSERT_FALSE(as_master.has_value());
  EXPECT_EQ(as_master.error().code, ParseErrorCode::kMixedPlaylist);
  EXPECT_EQ(as_master.error().line, 2u);
}

TEST(ParseMasterTest, AttributeErrorsOfEveryMasterTag) {
  for (const char* tag : {"EXT-X-MEDIA", "EXT-X-STREAM-INF", "EXT-X-I-FRAME-STREAM-INF",
                          "EXT-X-SESSION-DATA", "EXT-X-SESSION-KEY", "EXT-X-CONTENT-STEERING"}) {
    const std::string name(tag);
    expect_error("#EXTM3U\n#" + name + ":BANDWIDTH=1,BANDWIDTH=2\n",
                 ParseErrorCode::kBadAttributeList, 2);
    expect_error("#EXTM3U\n#" + name + ":URI=\"x\n", ParseErrorCode::kBadAttributeList, 2);
    expect_error("#EXTM3U\n#" + name + ":RESOLUTION=1x\n", ParseErrorCode::kBadAttributeList, 2);
    expect_error("#EXTM3U\n#" + name + "\n", ParseErrorCode::kBadTagValue, 2);
  }
}

TEST(ParseMasterTest, OnceTags) {
  expect_error(
      "#EXTM3U\n#EXT-X-CONTENT-STEERING:SERVER-URI=\"a\"\n"
      "#EXT-X-CONTENT-STEERING:SERVER-URI=\"b\"\n",
      ParseErrorCode::kDuplicateTag, 3);
  expect_error("#EXTM3U\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-INDEPENDENT-SEGMENTS\n",
               ParseErrorCode::kDuplicateTag, 3);
  expect_error(
      "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n#EXT-X-VERSION:3\n#EXT-X-VERSION:3\n",
      ParseErrorCode::kDuplicateTag, 5);
}

TEST(ParseMasterTest, KindNeutralPlaylistAsMaster) {
  const MasterPlaylist p = master("#EXTM3U\n#EXT-X-VERSION:4\n# nothing yet\n");
  EXPECT_EQ(p.version, 4u);
  EXPECT_TRUE(p.variants.empty());
  EXPECT_EQ(p.header_lines, std::vector<std::string>{"# nothing yet"});
}

TEST(ParseMasterTest, CrlfAndLeniencyAboutBlanks) {
  const MasterPlaylist p =
      master("#EXTM3U\r\n#EXT-X-STREAM-INF: BANDWIDTH=1,RESOLUTION=2x3 \r\n\r\n  v.m3u8  \r\n");
  ASSERT_EQ(p.variants.size(), 1u);
  EXPECT_EQ(p.variants[0].uri, "v.m3u8");
  EXPECT_EQ(p.variants[0].attributes.get_resolution("RESOLUTION"), (Resolution{2, 3}));
}

}  // namespace
}  // namespace manifest
