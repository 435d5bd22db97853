// The writer: canonical order for both kinds, unknown lines kept in place, absent fields
// absent, and round trips of text through parse and write.
#include "manifest/writer.h"

#include <gtest/gtest.h>

#include <string>

#include "manifest/parser.h"

namespace manifest {
namespace {

AttributeList attributes(std::string_view text) {
  auto list = parse_attribute_list(text, 256);
  EXPECT_TRUE(list.has_value()) << text;
  return list ? *list : AttributeList();
}

// write(parse(text)), failing the test when text does not parse.
std::string rewritten(std::string_view text) {
  auto playlist = parse(text);
  EXPECT_TRUE(playlist.has_value())
      << "line " << playlist.error().line << ": " << playlist.error().message;
  return playlist ? write(*playlist) : std::string();
}

TEST(WriterTest, EmptyModelsWriteOnlyTheHeader) {
  EXPECT_EQ(write(MediaPlaylist()), "#EXTM3U\n");
  EXPECT_EQ(write(MasterPlaylist()), "#EXTM3U\n");
}

TEST(WriterTest, MediaPlaylistInCanonicalOrder) {
  MediaPlaylist p;
  p.end_list = true;
  p.rendition_reports.push_back(attributes("URI=\"../hi/index.m3u8\",LAST-MSN=20"));
  p.preload_hints.push_back(attributes("TYPE=PART,URI=\"p21.1.m4s\""));
  SegmentDetails& open = p.open_segment.emplace().details.emplace();
  open.parts.push_back(attributes("DURATION=0.5,URI=\"p21.0.m4s\""));
  open.extra_lines.push_back("# next");
  MediaSegment s;
  s.uri = "s20.m4s";
  s.duration = 2;
  s.title = "t";
  SegmentDetails& d = s.details.emplace();
  d.byte_range = ByteRange{100, 0};
  d.parts.push_back(attributes("DURATION=1.0,URI=\"p20.0.m4s\""));
  d.bitrate = 800;
  s.gap = true;
  d.date_ranges.push_back(attributes("ID=\"d\",START-DATE=\"2024-05-01T00:00:00Z\""));
  d.program_date_time = "2024-05-01T00:00:00Z";
  s.map = attributes("URI=\"init.mp4\"");
  d.keys.push_back(attributes("METHOD=NONE"));
  s.discontinuity = true;
  d.extra_lines.push_back("#EXT-X-CUE-OUT:30");
  p.segments.push_back(s);
  p.skip = attributes("SKIPPED-SEGMENTS=2");
  p.header_lines.push_back("# header");
  p.server_control = attributes("CAN-BLOCK-RELOAD=YES");
  p.part_inf = attributes("PART-TARGET=1.0");
  p.i_frames_only = true;
  p.playlist_type = PlaylistType::kEvent;
  p.discontinuity_sequence = 3;
  p.media_sequence = 20;
  p.target_duration = 2;
  p.defines.push_back(attributes("NAME=\"a\",VALUE=\"b\""));
  p.start = attributes("TIME-OFFSET=-6.0");
  p.independent_segments = true;
  p.version = 9;
  const std::string expected = R"(#EXTM3U
#EXT-X-VERSION:9
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-START:TIME-OFFSET=-6.0
#EXT-X-DEFINE:NAME="a",VALUE="b"
#EXT-X-TARGETDURATION:2
#EXT-X-MEDIA-SEQUENCE:20
#EXT-X-DISCONTINUITY-SEQUENCE:3
#EXT-X-PLAYLIST-TYPE:EVENT
#EXT-X-I-FRAMES-ONLY
#EXT-X-PART-INF:PART-TARGET=1.0
#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES
# header
#EXT-X-SKIP:SKIPPED-SEGMENTS=2
#EXT-X-CUE-OUT:30
#EXT-X-DISCONTINUITY
#EXT-X-KEY:METHOD=NONE
#EXT-X-MAP:URI="init.mp4"
#EXT-X-PROGRAM-DATE-TIME:2024-05-01T00:00:00Z
#EXT-X-DATERANGE:ID="d",START-DATE="2024-05-01T00:00:00Z"
#EXT-X-GAP
#EXT-X-BITRATE:800
#EXT-X-PART:DURATION=1.0,URI="p20.0.m4s"
#EXT-X-BYTERANGE:100@0
#EXTINF:2.0,t
s20.m4s
# next
#EXT-X-PART:DURATION=0.5,URI="p21.0.m4s"
#EXT-X-PRELOAD-HINT:TYPE=PART,URI="p21.1.m4s"
#EXT-X-RENDITION-REPORT:URI="../hi/index.m3u8",LAST-MSN=20
#EXT-X-ENDLIST
)";
  EXPECT_EQ(write(p), expected);
  auto back = parse_media(expected);
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_EQ(*back, p);
}

TEST(WriterTest, MasterPlaylistInCanonicalOrder) {
  MasterPlaylist p;
  p.trailing_lines.push_back("# end");
  p.i_frame_variants.push_back(attributes("BANDWIDTH=9000,URI=\"if.m3u8\""));
  Variant v;
  v.attributes = attributes("BANDWIDTH=800000,RESOLUTION=640x360,STABLE-VARIANT-ID=\"a\"");
  v.uri = "360p.m3u8";
  v.extra_lines.push_back("# low");
  p.variants.push_back(v);
  p.media.push_back(attributes("TYPE=AUDIO,GROUP-ID=\"aac\",NAME=\"en\""));
  p.content_steering = attributes("SERVER-URI=\"steer.json\",PATHWAY-ID=\"fra\"");
  p.session_keys.push_back(attributes("METHOD=AES-128,URI=\"k\""));
  p.session_data.push_back(attributes("DATA-ID=\"com.example.t\",VALUE=\"x\""));
  p.header_lines.push_back("#EXT-X-ORIGIN-ID:7");
  p.defines.push_back(attributes("IMPORT=\"a\""));
  p.start = attributes("TIME-OFFSET=1.5");
  p.independent_segments = true;
  p.version = 12;
  const std::string expected = R"(#EXTM3U
#EXT-X-VERSION:12
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-START:TIME-OFFSET=1.5
#EXT-X-DEFINE:IMPORT="a"
#EXT-X-ORIGIN-ID:7
#EXT-X-SESSION-DATA:DATA-ID="com.example.t",VALUE="x"
#EXT-X-SESSION-KEY:METHOD=AES-128,URI="k"
#EXT-X-CONTENT-STEERING:SERVER-URI="steer.json",PATHWAY-ID="fra"
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="en"
# low
#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,STABLE-VARIANT-ID="a"
360p.m3u8
#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=9000,URI="if.m3u8"
# end
)";
  EXPECT_EQ(write(p), expected);
  auto back = parse_master(expected);
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_EQ(*back, p);
}

TEST(WriterTest, ReordersTagsAndNormalisesValues) {
  EXPECT_EQ(rewritten("#EXTM3U\r\n"
                      "#EXT-X-TARGETDURATION:10\r\n"
                      "#EXT-X-VERSION:3\r\n"
                      "#EXTINF:10,\r\n"
                      "  a.ts  \r\n"
                      "#EXT-X-ENDLIST\r\n"
                      "#EXT-X-MEDIA-SEQUENCE:0007\r\n"),
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:10\n#EXT-X-MEDIA-SEQUENCE:7\n"
            "#EXTINF:10.0,\na.ts\n#EXT-X-ENDLIST\n");
  EXPECT_EQ(rewritten("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n"
                      "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"b\"\n"),
            "#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"b\"\n"
            "#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n");
}

TEST(WriterTest, UnknownTagsAndCommentsStayInPlace) {
  const std::string text = R"(#EXTM3U
#EXT-X-TARGETDURATION:6
#EXT-X-ALLOW-CACHE:NO
#EXT-X-KEY:METHOD=NONE
#EXTINF:6.0,
a.ts
#EXT-X-CUE-OUT:DURATION=30
# ad break
#EXTINF:6.0,
ad.ts
#EXT-X-CUE-IN
#EXT-X-ENDLIST
)";
  const std::string expected = R"(#EXTM3U
#EXT-X-TARGETDURATION:6
#EXT-X-ALLOW-CACHE:NO
#EXT-X-KEY:METHOD=NONE
#EXTINF:6.0,
a.ts
#EXT-X-CUE-OUT:DURATION=30
# ad break
#EXTINF:6.0,
ad.ts
#EXT-X-CUE-IN
#EXT-X-ENDLIST
)";
  EXPECT_EQ(rewritten(text), expected);
  EXPECT_EQ(rewritten(expected), expected);
}

TEST(WriterTest, FirstSegmentsOwnLinesAreSetApartByABlankLine) {
  MediaPlaylist p;
  p.target_duration = 4;
  p.header_lines.push_back("# header");
  MediaSegment s;
  s.duration = 4;
  s.uri = "a.ts";
  s.details.ensure().extra_lines.push_back("# segment");
  p.segments.push_back(s);
  const std::string text = write(p);
  EXPECT_EQ(text, "#EXTM3U\n#EXT-X-TARGETDURATION:4\n# header\n\n# segment\n#EXTINF:4.0,\na.ts\n");
  EXPECT_EQ(parse_media(text).value(), p);

  // With no segment, an open segment of only extra lines needs it as well.
  MediaPlaylist open;
  open.open_segment.emplace();
  open.open_segment->details.ensure().extra_lines.push_back("#EXT-X-CUE-IN");
  open.end_list = true;
  EXPECT_EQ(write(open), "#EXTM3U\n\n#EXT-X-CUE-IN\n#EXT-X-ENDLIST\n");
  EXPECT_EQ(parse_media(write(open)).value(), open);

  // EXT-X-SKIP already separates them.
  p.skip = attributes("SKIPPED-SEGMENTS=1");
  EXPECT_EQ(write(p),
            "#EXTM3U\n#EXT-X-TARGETDURATION:4\n# header\n#EXT-X-SKIP:SKIPPED-SEGMENTS=1\n"
            "# segment\n#EXTINF:4.0,\na.ts\n");
  EXPECT_EQ(parse_media(write(p)).value(), p);
}

TEST(WriterTest, FirstVariantsOwnLinesAreSetApartByABlankLine) {
  MasterPlaylist p;
  Variant v;
  v.attributes = attributes("BANDWIDTH=1");
  v.uri = "v.m3u8";
  v.extra_lines.push_back("# variant");
  p.variants.push_back(v);
  EXPECT_EQ(write(p), "#EXTM3U\n\n# variant\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n");
  EXPECT_EQ(parse_master(write(p)).value(), p);
  p.media.push_back(attributes("TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"b\""));
  EXPECT_EQ(write(p),
            "#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"b\"\n# variant\n"
            "#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n");
  EXPECT_EQ(parse_master(write(p)).value(), p);
}

TEST(WriterTest, ExtinfIsAlwaysADecimalFloat) {
  MediaPlaylist p;
  MediaSegment s;
  s.uri = "a.ts";
  for (double duration : {0.0, 6.0, 2.002, 0.1 + 0.2}) {
    s.duration = duration;
    s.title = "Title, with comma";
    p.segments = {s};
    const std::string text = write(p);
    auto back = parse_media(text);
    ASSERT_TRUE(back.has_value()) << text;
    EXPECT_EQ(back->segments[0].duration, duration) << text;
    EXPECT_EQ(back->segments[0].title, "Title, with comma");
  }
  p.segments[0].duration = 6;
  EXPECT_EQ(write(p), "#EXTM3U\n#EXTINF:6.0,Title, with comma\na.ts\n");
}

TEST(WriterTest, EmptyAttributeListsRoundTrip) {
  MediaPlaylist p;
  p.start = AttributeList();
  p.server_control = AttributeList();
  EXPECT_EQ(write(p), "#EXTM3U\n#EXT-X-START:\n#EXT-X-SERVER-CONTROL:\n");
  EXPECT_EQ(parse_media(write(p)).value(), p);
}

TEST(WriterTest, LowLatencyTextIsStable) {
  const std::string text = R"(#EXTM3U
#EXT-X-VERSION:9
#EXT-X-TARGETDURATION:4
#EXT-X-MEDIA-SEQUENCE:266
#EXT-X-PART-INF:PART-TARGET=0.334
#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=24.0,PART-HOLD-BACK=1.002
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
#EXT-X-PRELOAD-HINT:TYPE=PART,URI="filePart271.1.m4s"
#EXT-X-RENDITION-REPORT:URI="../1M/waitForMSN.php",LAST-MSN=273,LAST-PART=2
)";
  EXPECT_EQ(rewritten(text), text);
}

TEST(WriterTest, WriteToAppendsAndVariantDispatches) {
  std::string out = "prefix\n";
  MediaPlaylist media;
  media.target_duration = 6;
  write_to(media, out);
  EXPECT_EQ(out, "prefix\n#EXTM3U\n#EXT-X-TARGETDURATION:6\n");
  MasterPlaylist master;
  master.version = 7;
  write_to(master, out);
  EXPECT_EQ(out, "prefix\n#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTM3U\n#EXT-X-VERSION:7\n");
  EXPECT_EQ(write(Playlist(master)), "#EXTM3U\n#EXT-X-VERSION:7\n");
  EXPECT_EQ(write(Playlist(media)), "#EXTM3U\n#EXT-X-TARGETDURATION:6\n");
}

}  // namespace
}  // namespace manifest
