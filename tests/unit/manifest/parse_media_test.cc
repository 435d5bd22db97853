// Media playlist parsing: every media tag with a valid and an invalid value, segment structure,
// LL-HLS, where unknown lines go, and the limits and byte checks seen through parse().
#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "manifest/parser.h"

namespace manifest {
namespace {

MediaPlaylist media(std::string_view text, const ParseLimits& limits = {}) {
  auto playlist = parse_media(text, limits);
  EXPECT_TRUE(playlist.has_value())
      << "line " << playlist.error().line << ": " << playlist.error().message << "\n"
      << text;
  return playlist ? std::move(*playlist) : MediaPlaylist();
}

void expect_error(std::string_view text, ParseErrorCode code, uint32_t line,
                  const ParseLimits& limits = {}) {
  auto playlist = parse(text, limits);
  ASSERT_FALSE(playlist.has_value()) << text;
  EXPECT_EQ(playlist.error().code, code)
      << to_string(playlist.error().code) << ": " << playlist.error().message << "\n"
      << text;
  EXPECT_EQ(playlist.error().line, line) << playlist.error().message << "\n" << text;
}

// A playlist with `body` after a minimal header, so that errors are on line 3 and on.
std::string with_header(std::string_view body) {
  return "#EXTM3U\n#EXT-X-TARGETDURATION:6\n" + std::string(body);
}

TEST(ParseMediaTest, VodPlaylistWithFmp4AndByteRanges) {
  const MediaPlaylist p = media(R"(#EXTM3U
#EXT-X-VERSION:7
#EXT-X-TARGETDURATION:4
#EXT-X-MEDIA-SEQUENCE:10
#EXT-X-DISCONTINUITY-SEQUENCE:2
#EXT-X-PLAYLIST-TYPE:VOD
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-MAP:URI="init.mp4",BYTERANGE="720@0"
#EXT-X-PROGRAM-DATE-TIME:2024-05-01T12:00:00.000Z
#EXTINF:3.970633,
#EXT-X-BYTERANGE:500000@720
video.mp4
#EXT-X-BITRATE:1200
#EXTINF:4.004,Second part
#EXT-X-BYTERANGE:480000
video.mp4
#EXT-X-DISCONTINUITY
#EXT-X-KEY:METHOD=AES-128,URI="https://keys.example.com/k1",IV=0x00000000000000000000000000000001
#EXT-X-GAP
#EXTINF:2,
gap.mp4
#EXT-X-ENDLIST
)");
  EXPECT_EQ(p.version, 7u);
  EXPECT_EQ(p.target_duration, 4u);
  EXPECT_EQ(p.media_sequence, 10u);
  EXPECT_EQ(p.discontinuity_sequence, 2u);
  EXPECT_EQ(p.playlist_type, PlaylistType::kVod);
  EXPECT_TRUE(p.independent_segments);
  EXPECT_TRUE(p.end_list);
  EXPECT_FALSE(p.open_segment.has_value());
  EXPECT_TRUE(p.header_lines.empty());
  ASSERT_EQ(p.segments.size(), 3u);

  const MediaSegment& first = p.segments[0];
  ASSERT_TRUE(first.map.has_value());
  EXPECT_EQ(first.map->get_string("URI"), "init.mp4");
  EXPECT_EQ(first.map->get_string("BYTERANGE"), "720@0");
  EXPECT_EQ(first.details->program_date_time, "2024-05-01T12:00:00.000Z");
  EXPECT_DOUBLE_EQ(first.duration, 3.970633);
  EXPECT_EQ(first.title, "");
  EXPECT_EQ(first.details->byte_range, (ByteRange{500000, 720}));
  EXPECT_EQ(first.uri, "video.mp4");

  const MediaSegment& second = p.segments[1];
  EXPECT_EQ(second.details->bitrate, 1200u);
  EXPECT_EQ(second.title, "Second part");
  EXPECT_EQ(second.details->byte_range, (ByteRange{480000, std::nullopt}));
  EXPECT_FALSE(second.map.has_value());  // the model keeps tags where they stood

  const MediaSegment& third = p.segments[2];
  EXPECT_TRUE(third.discontinuity);
  EXPECT_TRUE(third.gap);
  ASSERT_EQ(third.details->keys.size(), 1u);
  EXPECT_EQ(third.details->keys[0].get_enum("METHOD"), "AES-128");
  EXPECT_EQ(third.details->keys[0].find("IV")->text, "0x00000000000000000000000000000001");
  EXPECT_EQ(third.duration, 2.0);
}

TEST(ParseMediaTest, ExtinfForms) {
  const MediaPlaylist p =
      media(with_header("#EXTINF:10,\na.ts\n"
                        "#EXTINF:9.5,Title, with, commas \nb.ts\n"
                        "#EXTINF:8\nc.ts\n"  // no comma: accepted for old playlists
                        "#EXTINF: 7.25 ,x\nd.ts\n"
                        "#EXTINF:.5,\ne.ts\n"));
  ASSERT_EQ(p.segments.size(), 5u);
  EXPECT_EQ(p.segments[0].duration, 10.0);
  EXPECT_EQ(p.segments[1].duration, 9.5);
  EXPECT_EQ(p.segments[1].title, "Title, with, commas ");
  EXPECT_EQ(p.segments[2].duration, 8.0);
  EXPECT_EQ(p.segments[2].title, "");
  EXPECT_EQ(p.segments[3].duration, 7.25);
  EXPECT_EQ(p.segments[3].title, "x");
  EXPECT_EQ(p.segments[4].duration, 0.5);
}

TEST(ParseMediaTest, ExtinfRefusesOtherValues) {
  for (const char* value : {"abc,", "-1.0,", "1e3,", "inf,", "nan,", ",", "1.2.3,", "0x10,", ""}) {
    expect_error(with_header("#EXTINF:" + std::string(value) + "\na.ts\n"),
                 ParseErrorCode::kBadTagValue, 3);
  }
  expect_error(with_header("#EXTINF\na.ts\n"), ParseErrorCode::kBadTagValue, 3);
}

TEST(ParseMediaTest, IntegerHeaderTags) {
  const MediaPlaylist p = media(
      "#EXTM3U\n#EXT-X-VERSION:4294967295\n#EXT-X-TARGETDURATION: 6 \n"
      "#EXT-X-MEDIA-SEQUENCE:18446744073709551615\n#EXT-X-DISCONTINUITY-SEQUENCE:0\n");
  EXPECT_EQ(p.version, UINT32_MAX);
  EXPECT_EQ(p.target_duration, 6u);
  EXPECT_EQ(p.media_sequence, UINT64_MAX);
  EXPECT_EQ(p.discontinuity_sequence, 0u);

  for (const char* tag : {"EXT-X-TARGETDURATION", "EXT-X-MEDIA-SEQUENCE",
                          "EXT-X-DISCONTINUITY-SEQUENCE", "EXT-X-VERSION", "EXT-X-BITRATE"}) {
    for (const char* value : {"6.5", "-1", "18446744073709551616", "", "abc", "+5", "0x10"}) {
      expect_error("#EXTM3U\n#" + std::string(tag) + ":" + value + "\n",
                   ParseErrorCode::kBadTagValue, 2);
    }
    expect_error("#EXTM3U\n#" + std::string(tag) + "\n", ParseErrorCode::kBadTagValue, 2);
  }
  expect_error("#EXTM3U\n#EXT-X-VERSION:4294967296\n", ParseErrorCode::kBadTagValue, 2);
}

TEST(ParseMediaTest, PlaylistType) {
  EXPECT_EQ(media("#EXTM3U\n#EXT-X-PLAYLIST-TYPE:EVENT\n").playlist_type, PlaylistType::kEvent);
  EXPECT_EQ(media("#EXTM3U\n#EXT-X-PLAYLIST-TYPE:VOD\n").playlist_type, PlaylistType::kVod);
  expect_error("#EXTM3U\n#EXT-X-PLAYLIST-TYPE:LIVE\n", ParseErrorCode::kBadTagValue, 2);
  expect_error("#EXTM3U\n#EXT-X-PLAYLIST-TYPE:vod\n", ParseErrorCode::kBadTagValue, 2);
}

TEST(ParseMediaTest, TagsWithoutValueRefuseOne) {
  EXPECT_TRUE(media("#EXTM3U\n#EXT-X-I-FRAMES-ONLY\n").i_frames_only);
  EXPECT_TRUE(media("#EXTM3U\n#EXT-X-ENDLIST \n").end_list);
  for (const char* tag : {"EXT-X-I-FRAMES-ONLY", "EXT-X-ENDLIST", "EXT-X-INDEPENDENT-SEGMENTS",
                          "EXT-X-DISCONTINUITY", "EXT-X-GAP"}) {
    expect_error(with_header("#" + std::string(tag) + ":YES\n"), ParseErrorCode::kBadTagValue, 3);
  }
  expect_error("#EXTM3U:1\n", ParseErrorCode::kBadTagValue, 1);
}

TEST(ParseMediaTest, ByteRange) {
  const MediaPlaylist p =
      media(with_header("#EXT-X-BYTERANGE:1000@0\n#EXTINF:1,\na.ts\n#EXTINF:1,\n"
                        "#EXT-X-BYTERANGE:18446744073709551615\na.ts\n"));
  EXPECT_EQ(p.segments[0].details->byte_range, (ByteRange{1000, 0}));
  EXPECT_EQ(p.segments[1].details->byte_range, (ByteRange{UINT64_MAX, std::nullopt}));
  for (const char* value : {"abc", "10@", "@5", "10@x", "1-2", "", "10@5@6"}) {
    expect_error(with_header("#EXT-X-BYTERANGE:" + std::string(value) + "\n#EXTINF:1,\na.ts\n"),
                 ParseErrorCode::kBadTagValue, 3);
  }
}

TEST(ParseMediaTest, ProgramDateTimeIsKeptAsText) {
  const MediaPlaylist p = media(
      with_header("#EXT-X-PROGRAM-DATE-TIME:2010-02-19T14:54:23.031+08:00\n#EXTINF:1,\na.ts\n"));
  EXPECT_EQ(p.segments[0].details->program_date_time, "2010-02-19T14:54:23.031+08:00");
  expect_error(with_header("#EXT-X-PROGRAM-DATE-TIME:\n#EXTINF:1,\na.ts\n"),
               ParseErrorCode::kBadTagValue, 3);
}

TEST(ParseMediaTest, AttributeTagsOfSegments) {
  const MediaPlaylist p = media(with_header(
      R"(#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://k",KEYFORMAT="com.apple.streamingkeydelivery",KEYFORMATVERSIONS="1"
#EXT-X-KEY:METHOD=SAMPLE-AES,URI="data:text/plain;base64,AAAA",KEYFORMAT="urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed"
#EXT-X-DATERANGE:ID="ad-1",CLASS="com.example.ad",START-DATE="2024-05-01T12:00:00Z",DURATION=15.0,SCTE35-OUT=0xFC30
#EXTINF:6,
a.ts
)"));
  ASSERT_EQ(p.segments.size(), 1u);
  ASSERT_EQ(p.segments[0].details->keys.size(), 2u);
  EXPECT_EQ(p.segments[0].details->keys[1].get_string("KEYFORMAT"),
            "urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed");
  ASSERT_EQ(p.segments[0].details->date_ranges.size(), 1u);
  EXPECT_EQ(p.segments[0].details->date_ranges[0].get_number("DURATION"), 15.0);

  for (const char* tag : {"EXT-X-KEY", "EXT-X-MAP", "EXT-X-DATERANGE", "EXT-X-PART"}) {
    expect_error(with_header("#" + std::string(tag) + ":URI=\"a\n#EXTINF:1,\na.ts\n"),
                 ParseErrorCode::kBadAttributeList, 3);
    expect_error(with_header("#" + std::string(tag) + ":uri=\"a\"\n#EXTINF:1,\na.ts\n"),
                 ParseErrorCode::kBadAttributeList, 3);
    expect_error(with_header("#" + std::string(tag) + "\n#EXTINF:1,\na.ts\n"),
                 ParseErrorCode::kBadTagValue, 3);
  }
}

TEST(ParseMediaTest, OneOfEachPerSegment) {
  for (const char* tag :
       {"#EXT-X-MAP:URI=\"i.mp4\"", "#EXT-X-BYTERANGE:10@0", "#EXT-X-DISCONTINUITY", "#EXT-X-GAP",
        "#EXT-X-BITRATE:100", "#EXT-X-PROGRAM-DATE-TIME:2024-05-01T00:00:00Z"}) {
    expect_error(with_header(std::string(tag) + "\n" + tag + "\n#EXTINF:1,\na.ts\n"),
                 ParseErrorCode::kDuplicateTag, 4);
    // Once per segment, not once per playlist.
    const MediaPlaylist p = media(
        with_header(std::string(tag) + "\n#EXTINF:1,\na.ts\n" + tag + "\n#EXTINF:1,\nb.ts\n"));
    EXPECT_EQ(p.segments.size(), 2u) << tag;
  }
}

TEST(ParseMediaTest, OnceTagsAppearingTwice) {
  expect_error("#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-TARGETDURATION:6\n",
               ParseErrorCode::kDuplicateTag, 3);
  expect_error("#EXTM3U\n#EXTM3U\n", ParseErrorCode::kDuplicateTag, 2);
  expect_error(with_header("#EXTINF:1,\na.ts\n#EXT-X-ENDLIST\n#EXT-X-ENDLIST\n"),
               ParseErrorCode::kDuplicateTag, 6);
  expect_error("#EXTM3U\n#EXT-X-START:TIME-OFFSET=1.0\n#EXT-X-START:TIME-OFFSET=2.0\n",
               ParseErrorCode::kDuplicateTag, 3);
  expect_error(with_header("#EXT-X-SKIP:SKIPPED-SEGMENTS=3\n#EXT-X-SKIP:SKIPPED-SEGMENTS=3\n"),
               ParseErrorCode::kDuplicateTag, 4);
}

TEST(ParseMediaTest, StartAndDefine) {
  const MediaPlaylist p = media(R"(#EXTM3U
#EXT-X-START:TIME-OFFSET=-12.5,PRECISE=YES
#EXT-X-DEFINE:NAME="host",VALUE="cdn.example.com"
#EXT-X-DEFINE:IMPORT="token"
#EXT-X-DEFINE:QUERYPARAM="session"
)");
  ASSERT_TRUE(p.start.has_value());
  EXPECT_EQ(p.start->get_number("TIME-OFFSET"), -12.5);
  EXPECT_EQ(p.start->get_enum("PRECISE"), "YES");
  ASSERT_EQ(p.defines.size(), 3u);
  EXPECT_EQ(p.defines[0].get_string("VALUE"), "cdn.example.com");
  EXPECT_EQ(p.defines[2].get_string("QUERYPARAM"), "session");
  expect_error("#EXTM3U\n#EXT-X-START:TIME-OFFSET=\n", ParseErrorCode::kBadAttributeList, 2);
  expect_error("#EXTM3U\n#EXT-X-DEFINE:NAME=\"a\",NAME=\"b\"\n", ParseErrorCode::kBadAttributeList,
               2);
}

TEST(ParseMediaTest, LowLatencyPlaylist) {
  const MediaPlaylist p = media(R"(#EXTM3U
#EXT-X-VERSION:9
#EXT-X-TARGETDURATION:4
#EXT-X-MEDIA-SEQUENCE:266
#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=24.0,PART-HOLD-BACK=1.002
#EXT-X-PART-INF:PART-TARGET=0.334
#EXT-X-SKIP:SKIPPED-SEGMENTS=3
#EXT-X-MAP:URI="init.mp4"
#EXTINF:4.00008,
fileSequence269.m4s
#EXT-X-PART:DURATION=0.33334,URI="filePart270.0.m4s",INDEPENDENT=YES
#EXT-X-PART:DURATION=0.33334,URI="filePart270.1.m4s"
#EXTINF:4.00008,
fileSequence270.m4s
#EXT-X-PROGRAM-DATE-TIME:2024-05-01T12:00:08.000Z
#EXT-X-PART:DURATION=0.33334,URI="filePart271.0.m4s",INDEPENDENT=YES
#EXT-X-PART:DURATION=0.33334,URI="filePart271.1.m4s"
#EXT-X-PRELOAD-HINT:TYPE=PART,URI="filePart271.2.m4s"
#EXT-X-RENDITION-REPORT:URI="../1M/waitForMSN.php",LAST-MSN=273,LAST-PART=2
#EXT-X-RENDITION-REPORT:URI="../4M/waitForMSN.php",LAST-MSN=273,LAST-PART=1
)");
  ASSERT_TRUE(p.server_control.has_value());
  EXPECT_EQ(p.server_control->get_enum("CAN-BLOCK-RELOAD"), "YES");
  EXPECT_EQ(p.server_control->get_number("CAN-SKIP-UNTIL"), 24.0);
  ASSERT_TRUE(p.part_inf.has_value());
  EXPECT_EQ(p.part_inf->get_number("PART-TARGET"), 0.334);
  ASSERT_TRUE(p.skip.has_value());
  EXPECT_EQ(p.skip->get_integer("SKIPPED-SEGMENTS"), 3u);
  ASSERT_EQ(p.segments.size(), 2u);
  EXPECT_TRUE(p.segments[0].map.has_value());
  ASSERT_EQ(p.segments[1].details->parts.size(), 2u);
  EXPECT_EQ(p.segments[1].details->parts[0].get_string("URI"), "filePart270.0.m4s");
  EXPECT_EQ(p.segments[1].details->parts[0].get_enum("INDEPENDENT"), "YES");
  // The segment still being produced: its parts, no EXTINF or URI yet.
  ASSERT_TRUE(p.open_segment.has_value());
  EXPECT_EQ(p.open_segment->details->parts.size(), 2u);
  EXPECT_EQ(p.open_segment->details->program_date_time, "2024-05-01T12:00:08.000Z");
  EXPECT_EQ(p.open_segment->uri, "");
  ASSERT_EQ(p.preload_hints.size(), 1u);
  EXPECT_EQ(p.preload_hints[0].get_enum("TYPE"), "PART");
  ASSERT_EQ(p.rendition_reports.size(), 2u);
  EXPECT_EQ(p.rendition_reports[1].get_integer("LAST-PART"), 1u);
  EXPECT_FALSE(p.end_list);

  for (const char* tag : {"EXT-X-SERVER-CONTROL", "EXT-X-PART-INF", "EXT-X-SKIP",
                          "EXT-X-PRELOAD-HINT", "EXT-X-RENDITION-REPORT"}) {
    expect_error(with_header("#" + std::string(tag) + ":A=1,\n"), ParseErrorCode::kBadAttributeList,
                 3);
  }
}

TEST(ParseMediaTest, UriStructure) {
  expect_error(with_header("a.ts\n"), ParseErrorCode::kUnexpectedUri, 3);
  expect_error(with_header("#EXTINF:1,\na.ts\nb.ts\n"), ParseErrorCode::kUnexpectedUri, 5);
  expect_error(with_header("#EXTINF:1,\n#EXTINF:2,\na.ts\n"), ParseErrorCode::kMissingUri, 3);
  expect_error(with_header("#EXTINF:1,\na.ts\n#EXTINF:2,\n#EXT-X-ENDLIST\n"),
               ParseErrorCode::kMissingUri, 5);
  expect_error("#EXTM3U\nhttp://example.com/a.ts\n", ParseErrorCode::kUnexpectedUri, 2);
}

TEST(ParseMediaTest, HeaderLine) {
  expect_error("", ParseErrorCode::kMissingHeader, 0);
  expect_error("#EXT-X-VERSION:3\n#EXTM3U\n", ParseErrorCode::kMissingHeader, 1);
  expect_error("\n#EXTM3U\n", ParseErrorCode::kMissingHeader, 1);
  expect_error("\xef\xbb\xbf#EXTM3U\n", ParseErrorCode::kMissingHeader, 1);
  expect_error("#EXTM3U8\n", ParseErrorCode::kMissingHeader, 1);
  expect_error("# EXTM3U\n", ParseErrorCode::kMissingHeader, 1);
}

TEST(ParseMediaTest, HeaderOnlyIsAnEmptyMediaPlaylist) {
  auto playlist = parse("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n# note\n");
  ASSERT_TRUE(playlist.has_value());
  ASSERT_TRUE(std::holds_alternative<MediaPlaylist>(*playlist));
  const auto& p = std::get<MediaPlaylist>(*playlist);
  EXPECT_EQ(p.version, 3u);
  EXPECT_TRUE(p.segments.empty());
  EXPECT_FALSE(p.open_segment.has_value());
  EXPECT_EQ(p.header_lines, std::vector<std::string>{"# note"});
}

TEST(ParseMediaTest, MixedPlaylists) {
  expect_error(with_header("#EXTINF:1,\na.ts\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n"),
               ParseErrorCode::kMixedPlaylist, 5);
  auto as_media = parse_media("#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"en\"\n");
  ASSERT_FALSE(as_media.has_value());
  EXPECT_EQ(as_media.error().code, ParseErrorCode::kMixedPlaylist);
  EXPECT_EQ(as_media.error().line, 2u);
}

TEST(ParseMediaTest, UnknownLinesKeepTheirPlace) {
  const MediaPlaylist p = media(R"(#EXTM3U
# Generated by the origin
#EXT-X-TARGETDURATION:6
#EXT-X-ALLOW-CACHE:NO
#EXT-X-KEY:METHOD=NONE
# first segment
#EXTINF:6,
a.ts
#EXT-X-CUE-OUT:DURATION=30
#EXTINF:6,
b.ts
#EXT-X-CUE-IN
# the end
#EXT-X-ENDLIST
)");
  EXPECT_EQ(p.header_lines,
            (std::vector<std::string>{"# Generated by the origin", "#EXT-X-ALLOW-CACHE:NO"}));
  ASSERT_EQ(p.segments.size(), 2u);
  EXPECT_EQ(p.segments[0].details->extra_lines, std::vector<std::string>{"# first segment"});
  EXPECT_EQ(p.segments[1].details->extra_lines,
            std::vector<std::string>{"#EXT-X-CUE-OUT:DURATION=30"});
  ASSERT_TRUE(p.open_segment.has_value());
  EXPECT_EQ(p.open_segment->details->extra_lines,
            (std::vector<std::string>{"#EXT-X-CUE-IN", "# the end"}));
  EXPECT_TRUE(p.end_list);
}

TEST(ParseMediaTest, ABlankLineSetsTheFirstSegmentsLinesApart) {
  const MediaPlaylist p = media(R"(#EXTM3U
#EXT-X-TARGETDURATION:6
# about the playlist

# about the first segment
#EXTINF:6,
a.ts
)");
  EXPECT_EQ(p.header_lines, std::vector<std::string>{"# about the playlist"});
  EXPECT_EQ(p.segments[0].details->extra_lines,
            std::vector<std::string>{"# about the first segment"});
  // A header tag after the blank line makes the held-back lines the header's again.
  const MediaPlaylist q =
      media("#EXTM3U\n\n# generator\n#EXT-X-TARGETDURATION:6\n#EXTINF:6,\na.ts\n");
  EXPECT_EQ(q.header_lines, std::vector<std::string>{"# generator"});
  EXPECT_FALSE(q.segments[0].details.has_value());
}

TEST(ParseMediaTest, CrlfReadsAsLf) {
  const std::string lf = with_header("#EXT-X-KEY:METHOD=NONE\n#EXTINF:5,t\na.ts\n#EXT-X-ENDLIST\n");
  std::string crlf;
  for (char c : lf)
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  EXPECT_EQ(media(crlf), media(lf));
  EXPECT_EQ(media(crlf).segments[0].uri, "a.ts");
}

TEST(ParseMediaTest, RefusesBadBytes) {
  expect_error(with_header("#EXTINF:1,\na\xff.ts\n"), ParseErrorCode::kNotUtf8, 4);
  expect_error(with_header("#EXTINF:1,\r#EXT-X-ENDLIST\n"), ParseErrorCode::kNotUtf8, 3);
  expect_error(with_header(std::string("#EXTINF:1,\0\n", 12)), ParseErrorCode::kNotUtf8, 3);
}

TEST(ParseMediaTest, Limits) {
  ParseLimits limits;
  limits.max_line_bytes = 32;
  expect_error(with_header("#EXTINF:1,\n" + std::string(33, 'a') + "\n"),
               ParseErrorCode::kLineTooLong, 4, limits);
  EXPECT_EQ(media(with_header("#EXTINF:1,\n" + std::string(32, 'a') + "\n"), limits)
                .segments[0]
                .uri.size(),
            32u);

  limits = ParseLimits();
  limits.max_attributes = 2;
  expect_error(with_header("#EXT-X-KEY:METHOD=AES-128,URI=\"k\",IV=0x01\n#EXTINF:1,\na.ts\n"),
               ParseErrorCode::kBadAttributeList, 3, limits);

  limits = ParseLimits();
  const std::string text = with_header("#EXTINF:1,\na.ts\n");
  limits.max_bytes = text.size() - 1;
  expect_error(text, ParseErrorCode::kTooLarge, 0, limits);
  limits.max_bytes = text.size();
  EXPECT_EQ(media(text, limits).segments.size(), 1u);

  limits = ParseLimits();
  limits.max_lines = 3;
  expect_error(text, ParseErrorCode::kTooLarge, 4, limits);
}

TEST(ParseMediaTest, ErrorCodesHaveNames) {
  for (auto code : {ParseErrorCode::kTooLarge, ParseErrorCode::kLineTooLong,
                    ParseErrorCode::kNotUtf8, ParseErrorCode::kMissingHeader,
                    ParseErrorCode::kMixedPlaylist, ParseErrorCode::kBadAttributeList,
                    ParseErrorCode::kBadTagValue, ParseErrorCode::kMissingUri,
                    ParseErrorCode::kUnexpectedUri, ParseErrorCode::kDuplicateTag}) {
    EXPECT_NE(to_string(code), "unknown parse error");
  }
}

}  // namespace
}  // namespace manifest
