// first_segments: init sections in force, byte-range chains, media sequence numbers, gaps,
// discontinuities, and the count.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "manifest/parser.h"
#include "manifest/rewrite.h"

namespace manifest {
namespace {

using Kind = WarmObject::Kind;

MediaSegment segment(std::string uri, double duration = 2.0,
                     std::optional<ByteRange> range = std::nullopt) {
  MediaSegment out;
  out.uri = std::move(uri);
  out.duration = duration;
  if (range) out.details.emplace().byte_range = range;
  return out;
}

AttributeList map(std::string uri, std::optional<std::string> byte_range = std::nullopt) {
  AttributeList out;
  out.set("URI", AttributeValue::string_value(std::move(uri)));
  if (byte_range) out.set("BYTERANGE", AttributeValue::string_value(*byte_range));
  return out;
}

WarmObject init(std::string uri, std::optional<ByteRange> range = std::nullopt) {
  return WarmObject{Kind::kInit, std::move(uri), range, 0, 0};
}

WarmObject seg(std::string uri, uint64_t sequence, std::optional<ByteRange> range = std::nullopt,
               double duration = 2.0) {
  return WarmObject{Kind::kSegment, std::move(uri), range, duration, sequence};
}

ByteRange at(uint64_t length, uint64_t offset) {
  return ByteRange{length, offset};
}

TEST(FirstSegmentsTest, CountZeroIsEmpty) {
  MediaPlaylist playlist;
  playlist.segments.push_back(segment("a.ts"));
  EXPECT_TRUE(first_segments(playlist, 0).empty());
  EXPECT_TRUE(first_segments(MediaPlaylist{}, 3).empty());
}

TEST(FirstSegmentsTest, PlainSegmentsWithMediaSequence) {
  MediaPlaylist playlist;
  playlist.media_sequence = 40;
  playlist.segments.push_back(segment("seg_0.ts", 2.002));
  playlist.segments.push_back(segment("seg_1.ts", 1.5));
  playlist.segments.push_back(segment("seg_2.ts"));
  EXPECT_EQ(first_segments(playlist, 2),
            (std::vector<WarmObject>{seg("seg_0.ts", 40, std::nullopt, 2.002),
                                     seg("seg_1.ts", 41, std::nullopt, 1.5)}));
  // Asking for more than there is gives what there is.
  EXPECT_EQ(first_segments(playlist, 10).size(), 3u);
}

TEST(FirstSegmentsTest, InitComesOnceBeforeItsFirstSegment) {
  MediaPlaylist playlist;
  playlist.segments.push_back(segment("seg_0.m4s"));
  playlist.segments[0].map = map("init.mp4");
  playlist.segments.push_back(segment("seg_1.m4s"));
  playlist.segments.push_back(segment("seg_2.m4s"));
  EXPECT_EQ(first_segments(playlist, 3),
            (std::vector<WarmObject>{init("init.mp4"), seg("seg_0.m4s", 0), seg("seg_1.m4s", 1),
                                     seg("seg_2.m4s", 2)}));
}

TEST(FirstSegmentsTest, EachMapStaysInForceUntilTheNext) {
  MediaPlaylist playlist;
  playlist.segments.push_back(segment("a0.m4s"));
  playlist.segments[0].map = map("init_a.mp4");
  playlist.segments.push_back(segment("a1.m4s"));
  playlist.segments.push_back(segment("b0.m4s"));
  playlist.segments[2].discontinuity = true;
  playlist.segments[2].map = map("init_b.mp4");
  playlist.segments.push_back(segment("a2.m4s"));
  playlist.segments[3].discontinuity = true;
  playlist.segments[3].map = map("init_a.mp4");  // already fetched: not again
  playlist.segments.push_back(segment("c0.m4s"));
  playlist.segments[4].map = map("init_c.mp4");
  EXPECT_EQ(first_segments(playlist, 4),
            (std::vector<WarmObject>{init("init_a.mp4"), seg("a0.m4s", 0), seg("a1.m4s", 1),
                                     init("init_b.mp4"), seg("b0.m4s", 2), seg("a2.m4s", 3)}));
}

TEST(FirstSegmentsTest, MapByteRanges) {
  MediaPlaylist playlist;
  playlist.segments.push_back(segment("main.mp4", 2, ByteRange{1000, 720}));
  playlist.segments[0].map = map("main.mp4", "720@0");
  playlist.segments.push_back(segment("main.mp4", 2, ByteRange{900, std::nullopt}));
  playlist.segments.push_back(segment("other.mp4", 2, ByteRange{500, std::nullopt}));
  playlist.segments[2].map = map("other.mp4", "64");  // no offset: from byte 0
  EXPECT_EQ(
      first_segments(playlist, 3),
      (std::vector<WarmObject>{init("main.mp4", at(720, 0)), seg("main.mp4", 0, at(1000, 720)),
                               seg("main.mp4", 1, at(900, 1720)), init("other.mp4", at(64, 0)),
                               seg("other.mp4", 2, at(500, 0))}));
}

TEST(FirstSegmentsTest, SameMapUriWithAnotherRangeIsAnotherInit) {
  MediaPlaylist playlist;
  playlist.segments.push_back(segment("a.m4s"));
  playlist.segments[0].map = map("inits.mp4", "100@0");
  playlist.segments.push_back(segment("b.m4s"));
  playlist.segments[1].map = map("inits.mp4", "120@100");
  EXPECT_EQ(first_segments(playlist, 2),
            (std::vector<WarmObject>{init("inits.mp4", at(100, 0)), seg("a.m4s", 0),
                                     init("inits.mp4", at(120, 100)), seg("b.m4s", 1)}));
}

TEST(FirstSegmentsTest, MalformedMapRangeFetchesTheWholeInit) {
  for (const char* bad :
       {"", "abc", "10@", "@5", "0@0", "1@2@3", "-1@0", "99999999999999999999@0"}) {
    MediaPlaylist playlist;
    playlist.segments.push_back(segment("a.m4s"));
    playlist.segments[0].map = map("init.mp4", std::string(bad));
    EXPECT_EQ(first_segments(playlist, 1),
              (std::vector<WarmObject>{init("init.mp4"), seg("a.m4s", 0)}))
        << "BYTERANGE=\"" << bad << '"';
  }
}

TEST(FirstSegmentsTest, MapWithoutUriKeepsThePreviousMap) {
  MediaPlaylist playlist;
  playlist.segments.push_back(segment("a.m4s"));
  playlist.segments[0].map = map("init.mp4");
  playlist.segments.push_back(segment("b.m4s"));
  AttributeList no_uri;
  no_uri.set("BYTERANGE", AttributeValue::string_value("10@0"));
  playlist.segments[1].map = no_uri;
  EXPECT_EQ(first_segments(playlist, 2),
            (std::vector<WarmObject>{init("init.mp4"), seg("a.m4s", 0), seg("b.m4s", 1)}));
}

TEST(FirstSegmentsTest, ByteRangeChainsFollowTheSameUri) {
  MediaPlaylist playlist;
  playlist.segments.push_back(segment("a.ts", 2, ByteRange{100, std::nullopt}));  // from 0
  playlist.segments.push_back(segment("a.ts", 2, ByteRange{200, std::nullopt}));
  playlist.segments.push_back(segment("b.ts", 2, ByteRange{50, 1000}));
  playlist.segments.push_back(segment("a.ts", 2, ByteRange{300, std::nullopt}));
  playlist.segments.push_back(segment("b.ts", 2, ByteRange{60, std::nullopt}));
  playlist.segments.push_back(segment("a.ts", 2, ByteRange{10, 5}));
  playlist.segments.push_back(segment("a.ts", 2, ByteRange{20, std::nullopt}));
  EXPECT_EQ(first_segments(playlist, 7),
            (std::vector<WarmObject>{seg("a.ts", 0, at(100, 0)), seg("a.ts", 1, at(200, 100)),
                                     seg("b.ts", 2, at(50, 1000)), seg("a.ts", 3, at(300, 300)),
                                     seg("b.ts", 4, at(60, 1050)), seg("a.ts", 5, at(10, 5)),
                                     seg("a.ts", 6, at(20, 15))}));
}

TEST(FirstSegmentsTest, GapsAreSkippedAndNotCounted) {
  MediaPlaylist playlist;
  playlist.media_sequence = 10;
  playlist.segments.push_back(segment("all.ts", 2, ByteRange{100, 0}));
  playlist.segments[0].map = map("init.mp4");
  playlist.segments[0].gap = true;
  playlist.segments.push_back(segment("all.ts", 2, ByteRange{100, std::nullopt}));
  playlist.segments[1].gap = true;
  playlist.segments.push_back(segment("all.ts", 2, ByteRange{100, std::nullopt}));
  playlist.segments.push_back(segment("all.ts", 2, ByteRange{100, std::nullopt}));
  // The gaps' ranges still advance the chain, and the map on a gap still applies.
  EXPECT_EQ(first_segments(playlist, 1),
            (std::vector<WarmObject>{init("init.mp4"), seg("all.ts", 12, at(100, 200))}));
  EXPECT_EQ(first_segments(playlist, 5).size(), 3u);
}

TEST(FirstSegmentsTest, OnlyGapsGiveNothing) {
  MediaPlaylist playlist;
  playlist.segments.push_back(segment("a.m4s"));
  playlist.segments[0].gap = true;
  playlist.segments[0].map = map("init.mp4");
  EXPECT_TRUE(first_segments(playlist, 3).empty());
}

TEST(FirstSegmentsTest, EmptyAndOverflowingRangesAreSkipped) {
  MediaPlaylist playlist;
  playlist.segments.push_back(segment("a.ts", 2, ByteRange{0, 10}));
  playlist.segments.push_back(segment("a.ts", 2, ByteRange{10, UINT64_MAX - 5}));
  playlist.segments.push_back(segment("a.ts", 2, ByteRange{7, UINT64_MAX - 7}));
  EXPECT_EQ(first_segments(playlist, 2),
            (std::vector<WarmObject>{seg("a.ts", 2, at(7, UINT64_MAX - 7))}));
}

TEST(FirstSegmentsTest, OpenSegmentIsNotFetched) {
  MediaPlaylist playlist;
  playlist.segments.push_back(segment("a.m4s"));
  MediaSegment open;
  AttributeList part;
  part.set("URI", AttributeValue::string_value("b.part0.m4s"));
  open.details.ensure().parts.push_back(part);
  playlist.open_segment = open;
  EXPECT_EQ(first_segments(playlist, 5), (std::vector<WarmObject>{seg("a.m4s", 0)}));
}

TEST(FirstSegmentsTest, FromPlaylistText) {
  const auto playlist = parse_media(
      "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:100\n"
      "#EXT-X-MAP:URI=\"movie.mp4\",BYTERANGE=\"812@0\"\n"
      "#EXTINF:2.0,\n#EXT-X-BYTERANGE:30000@812\nmovie.mp4\n"
      "#EXT-X-GAP\n#EXTINF:2.0,\n#EXT-X-BYTERANGE:31000\nmovie.mp4\n"
      "#EXTINF:2.0,\n#EXT-X-BYTERANGE:29000\nmovie.mp4\n"
      "#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"ad/init.mp4\"\n#EXTINF:1.5,\nad/seg_0.m4s\n"
      "#EXT-X-ENDLIST\n");
  ASSERT_TRUE(playlist.has_value()) << playlist.error().message;
  EXPECT_EQ(
      first_segments(*playlist, 3),
      (std::vector<WarmObject>{init("movie.mp4", at(812, 0)), seg("movie.mp4", 100, at(30000, 812)),
                               seg("movie.mp4", 102, at(29000, 61812)), init("ad/init.mp4"),
                               seg("ad/seg_0.m4s", 103, std::nullopt, 1.5)}));
}
}  // namespace
}  // namespace manifest
