// validate(): realistic playlists give no diagnostic; each rule is reported with its line for
// a playlist that breaks it, next to a near-identical one that keeps it; many violations come
// back in line order; hostile input never crashes.
#include "manifest/validator.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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
  for (const Diagnostic& d : validate(text)) {
    out += "line " + std::to_string(d.line) + ": " + std::string(rule_info(d.rule).id) + ": " +
           d.message + "\n";
  }
  return out;
}

struct Case {
  std::string_view name;
  std::string_view text;
  Found expected;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.name;
}

std::string case_name(const testing::TestParamInfo<Case>& param) {
  return std::string(param.param.name);
}

class ValidatorCase : public testing::TestWithParam<Case> {};

TEST_P(ValidatorCase, ReportsExactlyTheExpectedRulesAndLines) {
  const Case& c = GetParam();
  EXPECT_EQ(found(c.text), c.expected) << messages(c.text);
}

constexpr std::string_view kVod = R"(#EXTM3U
#EXT-X-VERSION:3
#EXT-X-TARGETDURATION:6
#EXT-X-MEDIA-SEQUENCE:0
#EXT-X-PLAYLIST-TYPE:VOD
#EXTINF:6.006,
seg_0.ts
#EXTINF:5.5,
seg_1.ts
#EXTINF:2.002,
seg_2.ts
#EXT-X-ENDLIST
)";

constexpr std::string_view kLive = R"(#EXTM3U
#EXT-X-VERSION:3
#EXT-X-TARGETDURATION:2
#EXT-X-MEDIA-SEQUENCE:1200
#EXT-X-DISCONTINUITY-SEQUENCE:4
#EXT-X-KEY:METHOD=AES-128,URI="https://keys.example/k1",IV=0x0123456789abcdef0123456789ABCDEF
#EXT-X-PROGRAM-DATE-TIME:2024-05-01T12:00:00.000Z
#EXTINF:2.0,
seg_1200.ts
#EXT-X-DATERANGE:ID="ad-1",CLASS="com.example.ad",START-DATE="2024-05-01T12:00:02.000Z",DURATION=30.5,END-DATE="2024-05-01T12:00:32.500Z"
#EXTINF:2.0,live
seg_1201.ts
#EXT-X-DISCONTINUITY
#EXT-X-KEY:METHOD=NONE
#EXT-X-DATERANGE:ID="ad-1",START-DATE="2024-05-01T12:00:02.000Z",X-COM-EXAMPLE-NOTE="kept"
#EXTINF:1.5,
seg_1202.ts
)";

constexpr std::string_view kLowLatency = R"(#EXTM3U
#EXT-X-VERSION:9
#EXT-X-TARGETDURATION:4
#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.0,CAN-SKIP-UNTIL=24.0,HOLD-BACK=12.0
#EXT-X-PART-INF:PART-TARGET=0.33334
#EXT-X-MEDIA-SEQUENCE:266
#EXT-X-SKIP:SKIPPED-SEGMENTS=3
#EXT-X-MAP:URI="init.mp4"
#EXT-X-PROGRAM-DATE-TIME:2024-05-01T12:00:00.000+02:00
#EXTINF:4.00008,
fileSequence269.mp4
#EXT-X-PART:DURATION=0.33334,URI="filePart270.0.mp4",INDEPENDENT=YES
#EXT-X-PART:DURATION=0.33334,URI="filePart270.1.mp4"
#EXTINF:4.00008,
fileSequence270.mp4
#EXT-X-PART:DURATION=0.33334,URI="filePart271.0.mp4",INDEPENDENT=YES
#EXT-X-PRELOAD-HINT:TYPE=PART,URI="filePart271.1.mp4"
#EXT-X-RENDITION-REPORT:URI="../1M/index.m3u8",LAST-MSN=270,LAST-PART=0
)";

constexpr std::string_view kByteRanges = R"(#EXTM3U
#EXT-X-VERSION:7
#EXT-X-TARGETDURATION:2
#EXT-X-PLAYLIST-TYPE:VOD
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-MAP:URI="video.mp4",BYTERANGE="720@0"
#EXTINF:2.0,
#EXT-X-BYTERANGE:100000@720
video.mp4
#EXTINF:2.0,
#EXT-X-BYTERANGE:95000
video.mp4
#EXTINF:1.2,
#EXT-X-BYTERANGE:40000
video.mp4
#EXT-X-ENDLIST
)";

constexpr std::string_view kMaster = R"(#EXTM3U
#EXT-X-VERSION:7
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-START:TIME-OFFSET=-4.5,PRECISE=YES
#EXT-X-SESSION-DATA:DATA-ID="com.example.title",VALUE="Clip",LANGUAGE="en"
#EXT-X-SESSION-DATA:DATA-ID="com.example.title",VALUE="Clip",LANGUAGE="de"
#EXT-X-SESSION-KEY:METHOD=SAMPLE-AES,URI="skd://key",KEYFORMAT="com.apple.streamingkeydelivery"
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="English",LANGUAGE="en",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="audio/en.m3u8"
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="Deutsch",LANGUAGE="de",DEFAULT=NO,AUTOSELECT=YES,URI="audio/de.m3u8"
#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",FORCED=NO,URI="subs/en.m3u8"
#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID="cc",NAME="English CC",INSTREAM-ID="SERVICE1"

#EXT-X-STREAM-INF:BANDWIDTH=1280000,AVERAGE-BANDWIDTH=1000000,RESOLUTION=640x360,FRAME-RATE=29.970,CODECS="avc1.4d401e,mp4a.40.2",AUDIO="aud",SUBTITLES="subs",CLOSED-CAPTIONS="cc"
360p/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=2560000,RESOLUTION=1280x720,FRAME-RATE=30,HDCP-LEVEL=NONE,VIDEO-RANGE=SDR,CODECS="avc1.64001f,mp4a.40.2",AUDIO="aud",SUBTITLES="subs",CLOSED-CAPTIONS="cc"
720p/index.m3u8
#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=86000,URI="360p/iframes.m3u8",CODECS="avc1.4d401e",RESOLUTION=640x360
)";

constexpr std::string_view kSteering = R"(#EXTM3U
#EXT-X-CONTENT-STEERING:SERVER-URI="/_edge/steer?video=v42",PATHWAY-ID="pop-a"
#EXT-X-STREAM-INF:BANDWIDTH=800000,PATHWAY-ID="pop-a",CLOSED-CAPTIONS=NONE
https://a.example/v/v42/360p/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=800000,PATHWAY-ID="pop-b",CLOSED-CAPTIONS=NONE
https://b.example/v/v42/360p/index.m3u8
)";

constexpr std::string_view kVariables = R"(#EXTM3U
#EXT-X-VERSION:11
#EXT-X-DEFINE:IMPORT="base"
#EXT-X-DEFINE:QUERYPARAM="token"
#EXT-X-DEFINE:NAME="init",VALUE="init.mp4"
#EXT-X-TARGETDURATION:2
#EXT-X-MAP:URI="{$base}/{$init}?t={$token}"
#EXTINF:2,
{$base}/seg_0.m4s?t={$token}
#EXTINF:2,
{$base}/seg_{1}.m4s
#EXT-X-ENDLIST
)";

INSTANTIATE_TEST_SUITE_P(
    Valid, ValidatorCase,
    testing::Values(Case{"vod", kVod, {}}, Case{"live", kLive, {}},
                    Case{"low_latency", kLowLatency, {}}, Case{"byte_ranges", kByteRanges, {}},
                    Case{"master", kMaster, {}}, Case{"steering", kSteering, {}},
                    Case{"variables", kVariables, {}},
                    Case{"crlf_and_blanks",
                         "#EXTM3U\r\n#EXT-X-TARGETDURATION: 6 \r\n\r\n"
                         "# a comment\r\n#EXTINF:6,\r\n  seg.ts  \r\n",
                         {}},
                    Case{"unknown_tags_ignored",
                         "#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-CUE-OUT:30\n#EXTINF:6,\na.ts\n",
                         {}}),
    case_name);

}  // namespace
}  // namespace manifest
