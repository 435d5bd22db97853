// validate(): realistic playlists give no diagnostic; each rule is reported with its line for
// a playlist that breaks it, next to a near-identical one that keeps it; many violations come
// back in line order; hostile input never crashes.
#include "manifest/validator.h"

#include "manifest/parser.h"

using namespace std::string_literals;

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
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
  std::string text;
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

const std::string kVod = R"(#EXTM3U
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

const std::string kLive = R"(#EXTM3U
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

const std::string kLowLatency = R"(#EXTM3U
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

const std::string kByteRanges = R"(#EXTM3U
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

const std::string kMaster = R"(#EXTM3U
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

const std::string kSteering = R"(#EXTM3U
#EXT-X-CONTENT-STEERING:SERVER-URI="/_edge/steer?video=v42",PATHWAY-ID="pop-a"
#EXT-X-STREAM-INF:BANDWIDTH=800000,PATHWAY-ID="pop-a",CLOSED-CAPTIONS=NONE
https://a.example/v/v42/360p/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=800000,PATHWAY-ID="pop-b",CLOSED-CAPTIONS=NONE
https://b.example/v/v42/360p/index.m3u8
)";

const std::string kVariables = R"(#EXTM3U
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

const std::vector<Case> kValidCases = {
    Case{"vod", kVod, {}},
    Case{"live", kLive, {}},
    Case{"low_latency", kLowLatency, {}},
    Case{"byte_ranges", kByteRanges, {}},
    Case{"master", kMaster, {}},
    Case{"steering", kSteering, {}},
    Case{"variables", kVariables, {}},
    Case{"crlf_and_blanks",
         "#EXTM3U\r\n#EXT-X-TARGETDURATION: 6 \r\n\r\n"
         "# a comment\r\n#EXTINF:6,\r\n  seg.ts  \r\n",
         {}},
    Case{"unknown_tags_ignored",
         "#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-CUE-OUT:30\n#EXTINF:6,\na.ts\n",
         {}}};
INSTANTIATE_TEST_SUITE_P(Valid, ValidatorCase, testing::ValuesIn(kValidCases), case_name);

// A media playlist head (lines 1-2); what follows starts on line 3.
const std::string kHead = "#EXTM3U\n#EXT-X-TARGETDURATION:6\n";
const std::string kSegment = "#EXTINF:6,\na.ts\n";
// A low-latency head (lines 1-4); what follows starts on line 5.
const std::string kLowLatencyHead =
    "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-SERVER-CONTROL:PART-HOLD-BACK=1.5\n"
    "#EXT-X-PART-INF:PART-TARGET=0.5\n";
// A head with a date (lines 1-3) for date ranges on line 4.
const std::string kDatedHead =
    "#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-PROGRAM-DATE-TIME:2024-05-01T12:00:00Z\n";
const std::string kVariant = "#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n";

Found one(uint32_t line, std::string_view id) {
  return {{line, id}};
}

const std::vector<Case> kFileStructureCases = {
    Case{"empty", "", one(0, "first-line-extm3u")},
    Case{"blank_first_line", "\n" + kHead + kSegment, one(1, "first-line-extm3u")},
    Case{"tag_first_line", "#EXT-X-TARGETDURATION:6\n#EXTM3U\n" + kSegment,
         one(1, "first-line-extm3u")},
    Case{"integer_value", "#EXTM3U\n#EXT-X-TARGETDURATION:six\n" + kSegment, one(2, "syntax")},
    Case{"extinf_value", kHead + "#EXTINF:abc,\na.ts\n", one(3, "syntax")},
    Case{"attribute_list", kHead + "#EXT-X-KEY:METHOD=AES-128,URI=\"k\n" + kSegment,
         one(3, "syntax")},
    Case{"nul_ends_the_walk", kHead + "#EXTINF:6,\na\0.ts\n#EXTINF:99,\nb.ts\n"s, one(4, "syntax")},
    Case{"stream_inf_in_media", kHead + kSegment + kVariant, one(5, "mixed-playlist")},
    Case{"extinf_in_master", "#EXTM3U\n" + kVariant + kSegment, one(4, "mixed-playlist")},
    Case{"target_twice", kHead + "#EXT-X-TARGETDURATION:6\n" + kSegment, one(3, "duplicate-tag")},
    Case{"define_twice",
         "#EXTM3U\n#EXT-X-VERSION:8\n#EXT-X-DEFINE:NAME=\"a\",VALUE=\"1\"\n"
         "#EXT-X-DEFINE:NAME=\"a\",VALUE=\"2\"\n#EXT-X-STREAM-INF:BANDWIDTH=1\n{$a}.m3u8\n",
         one(4, "duplicate-tag")},
    Case{"session_data_twice",
         "#EXTM3U\n#EXT-X-SESSION-DATA:DATA-ID=\"t\",VALUE=\"a\"\n"
         "#EXT-X-SESSION-DATA:DATA-ID=\"t\",VALUE=\"b\"\n" +
             kVariant,
         one(3, "duplicate-tag")},
    Case{"uri_without_stream_inf", "#EXTM3U\n" + kVariant + "w.m3u8\n", one(4, "unexpected-uri")}};
INSTANTIATE_TEST_SUITE_P(FileStructure, ValidatorCase, testing::ValuesIn(kFileStructureCases),
                         case_name);

const std::vector<Case> kMediaSegmentsCases = {
    Case{"no_target_duration", "#EXTM3U\n" + kSegment, one(0, "missing-target-duration")},
    Case{"extinf_rounds_above_target",
         "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:6\n#EXTINF:6.5,\na.ts\n"
         "#EXTINF:6.49,\nb.ts\n",
         one(4, "extinf-above-target-duration")},
    Case{"extinf_above_later_target", "#EXTM3U\n#EXTINF:7,\na.ts\n#EXT-X-TARGETDURATION:6\n",
         one(2, "extinf-above-target-duration")},
    Case{"uri_without_extinf", kHead + kSegment + "b.ts\n", one(5, "missing-extinf")},
    Case{"extinf_at_end", kHead + kSegment + "#EXTINF:6,\n#EXT-X-ENDLIST\n",
         one(5, "tag-without-uri")},
    Case{"extinf_twice", kHead + "#EXTINF:6,\n" + kSegment, one(3, "tag-without-uri")},
    Case{"stream_inf_twice", "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n" + kVariant,
         one(2, "tag-without-uri")},
    Case{"stream_inf_at_end", "#EXTM3U\n" + kVariant + "#EXT-X-STREAM-INF:BANDWIDTH=2\n",
         one(4, "tag-without-uri")},
    Case{"first_byterange_without_offset",
         "#EXTM3U\n#EXT-X-VERSION:4\n#EXT-X-TARGETDURATION:6\n#EXTINF:6,\n"
         "#EXT-X-BYTERANGE:1000\nv.ts\n",
         one(5, "byterange-without-previous")},
    Case{"byterange_of_other_uri",
         "#EXTM3U\n#EXT-X-VERSION:4\n#EXT-X-TARGETDURATION:6\n#EXTINF:6,\n"
         "#EXT-X-BYTERANGE:1000@0\na.ts\n#EXTINF:6,\n#EXT-X-BYTERANGE:1000\nb.ts\n",
         one(8, "byterange-without-previous")},
    Case{"byterange_after_whole_segment",
         "#EXTM3U\n#EXT-X-VERSION:4\n#EXT-X-TARGETDURATION:6\n#EXTINF:6,\na.ts\n"
         "#EXTINF:6,\n#EXT-X-BYTERANGE:1000\na.ts\n",
         one(7, "byterange-without-previous")},
    Case{"media_sequence_after_segment", kHead + kSegment + "#EXT-X-MEDIA-SEQUENCE:3\n",
         one(5, "media-sequence-after-segment")},
    Case{"discontinuity_sequence_after_discontinuity",
         kHead + "#EXT-X-DISCONTINUITY\n#EXT-X-DISCONTINUITY-SEQUENCE:2\n" + kSegment,
         one(4, "media-sequence-after-segment")},
    Case{"playlist_type_live", kHead + "#EXT-X-PLAYLIST-TYPE:LIVE\n" + kSegment,
         one(3, "playlist-type-value")},
    Case{"date_time_without_zone",
         kHead + "#EXT-X-PROGRAM-DATE-TIME:2024-05-01T12:00:00\n" + kSegment,
         one(3, "program-date-time-format")},
    Case{"date_time_no_such_day",
         kHead + "#EXT-X-PROGRAM-DATE-TIME:2023-02-29T12:00:00Z\n" + kSegment,
         one(3, "program-date-time-format")},
    Case{"date_time_offsets",
         kHead + "#EXT-X-PROGRAM-DATE-TIME:2024-02-29T23:59:59.5-08:00\n#EXTINF:6,\na.ts\n" +
             "#EXT-X-PROGRAM-DATE-TIME:2024-03-01T13:29:59.500+0530\n#EXTINF:6,\nb.ts\n",
         {}}};
INSTANTIATE_TEST_SUITE_P(MediaSegments, ValidatorCase, testing::ValuesIn(kMediaSegmentsCases),
                         case_name);

const std::vector<Case> kAttributesCases = {
    Case{"bandwidth_quoted", "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=\"1000\"\nv.m3u8\n",
         one(2, "bad-attribute-type")},
    Case{"average_bandwidth_float",
         "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1000,AVERAGE-BANDWIDTH=900.5\nv.m3u8\n",
         one(2, "bad-attribute-type")},
    Case{"resolution_one_number",
         "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1000,RESOLUTION=1280\nv.m3u8\n",
         one(2, "bad-attribute-type")},
    Case{"frame_rate_quoted",
         "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1000,FRAME-RATE=\"30\"\nv.m3u8\n",
         one(2, "bad-attribute-type")},
    Case{"codecs_unquoted", "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1000,CODECS=avc1\nv.m3u8\n",
         one(2, "bad-attribute-type")},
    Case{"group_id_unquoted", "#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=aud,NAME=\"en\"\n",
         one(2, "bad-attribute-type")},
    Case{"iv_not_hex",
         "#EXTM3U\n#EXT-X-VERSION:2\n#EXT-X-TARGETDURATION:6\n"
         "#EXT-X-KEY:METHOD=AES-128,URI=\"k\",IV=1234\n" +
             kSegment,
         one(4, "bad-attribute-type")},
    Case{"iv_short",
         "#EXTM3U\n#EXT-X-VERSION:2\n#EXT-X-TARGETDURATION:6\n"
         "#EXT-X-KEY:METHOD=AES-128,URI=\"k\",IV=0x1234\n" +
             kSegment,
         one(4, "bad-attribute-type")},
    Case{"time_offset_quoted", kHead + "#EXT-X-START:TIME-OFFSET=\"3\"\n" + kSegment,
         one(3, "bad-attribute-type")},
    Case{"define_name_chars",
         "#EXTM3U\n#EXT-X-VERSION:8\n#EXT-X-DEFINE:NAME=\"a b\",VALUE=\"1\"\n" + kVariant,
         one(3, "bad-attribute-type")},
    Case{"map_byterange_text",
         "#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:6\n"
         "#EXT-X-MAP:URI=\"i.mp4\",BYTERANGE=\"all\"\n" +
             kSegment,
         one(4, "bad-attribute-type")},
    Case{"map_byterange_without_offset",
         "#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:6\n"
         "#EXT-X-MAP:URI=\"i.mp4\",BYTERANGE=\"720\"\n" +
             kSegment,
         one(4, "bad-attribute-type")},
    Case{"stream_inf_no_bandwidth", "#EXTM3U\n#EXT-X-STREAM-INF:RESOLUTION=640x360\nv.m3u8\n",
         one(2, "missing-attribute")},
    Case{"i_frame_stream_inf_no_uri", "#EXTM3U\n#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=1000\n",
         one(2, "missing-attribute")},
    Case{"media_no_name", "#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\"\n",
         one(2, "missing-attribute")},
    Case{"key_no_method", kHead + "#EXT-X-KEY:URI=\"k\"\n" + kSegment, one(3, "missing-attribute")},
    Case{"map_no_uri",
         "#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:6\n#EXT-X-MAP:BYTERANGE=\"1@0\"\n" +
             kSegment,
         one(4, "missing-attribute")},
    Case{"part_no_duration", kLowLatencyHead + "#EXT-X-PART:URI=\"p.mp4\"\n",
         one(5, "missing-attribute")},
    Case{"daterange_no_start", kDatedHead + "#EXT-X-DATERANGE:ID=\"x\"\n" + kSegment,
         one(4, "missing-attribute")},
    Case{"preload_hint_no_type", kLowLatencyHead + "#EXT-X-PRELOAD-HINT:URI=\"p.mp4\"\n",
         one(5, "missing-attribute")},
    Case{"rendition_report_no_uri", kHead + kSegment + "#EXT-X-RENDITION-REPORT:LAST-MSN=1\n",
         one(5, "missing-attribute")},
    Case{"skip_no_count",
         "#EXTM3U\n#EXT-X-VERSION:9\n#EXT-X-TARGETDURATION:6\n"
         "#EXT-X-SERVER-CONTROL:CAN-SKIP-UNTIL=36\n#EXT-X-SKIP:X-NOTE=\"n\"\n" +
             kSegment,
         one(5, "missing-attribute")},
    Case{"session_data_no_value", "#EXTM3U\n#EXT-X-SESSION-DATA:DATA-ID=\"a\"\n" + kVariant,
         one(2, "missing-attribute")},
    Case{"steering_no_server_uri",
         "#EXTM3U\n#EXT-X-CONTENT-STEERING:PATHWAY-ID=\"p\"\n"
         "#EXT-X-STREAM-INF:BANDWIDTH=1,PATHWAY-ID=\"p\"\nv.m3u8\n",
         one(2, "missing-attribute")},
    Case{"start_no_offset", kHead + "#EXT-X-START:PRECISE=YES\n" + kSegment,
         one(3, "missing-attribute")},
    Case{"define_nothing", "#EXTM3U\n#EXT-X-VERSION:8\n#EXT-X-DEFINE:X-A=\"1\"\n" + kVariant,
         one(3, "missing-attribute")},
    Case{"define_name_no_value", "#EXTM3U\n#EXT-X-VERSION:8\n#EXT-X-DEFINE:NAME=\"a\"\n" + kVariant,
         one(3, "missing-attribute")},
    Case{"session_data_value_and_uri",
         "#EXTM3U\n#EXT-X-SESSION-DATA:DATA-ID=\"a\",VALUE=\"v\",URI=\"u.json\"\n" + kVariant,
         one(2, "exclusive-attributes")},
    Case{"define_name_and_import",
         "#EXTM3U\n#EXT-X-VERSION:8\n#EXT-X-DEFINE:NAME=\"a\",VALUE=\"1\",IMPORT=\"b\"\n" +
             kHead.substr(8) + kSegment,
         one(3, "exclusive-attributes")},
    Case{"method_unknown", kHead + "#EXT-X-KEY:METHOD=AES-256,URI=\"k\"\n" + kSegment,
         one(3, "bad-enum-value")},
    Case{"media_type_unknown", "#EXTM3U\n#EXT-X-MEDIA:TYPE=TEXT,GROUP-ID=\"g\",NAME=\"n\"\n",
         one(2, "bad-enum-value")},
    Case{"hdcp_level_unknown", "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,HDCP-LEVEL=TYPE-2\nv.m3u8\n",
         one(2, "bad-enum-value")},
    Case{"default_true",
         "#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"g\",NAME=\"n\",DEFAULT=TRUE\n",
         one(2, "bad-enum-value")},
    Case{"preload_hint_type_unknown",
         kLowLatencyHead + "#EXT-X-PRELOAD-HINT:TYPE=SEGMENT,URI=\"p.mp4\"\n",
         one(5, "bad-enum-value")}};
INSTANTIATE_TEST_SUITE_P(Attributes, ValidatorCase, testing::ValuesIn(kAttributesCases), case_name);

const std::vector<Case> kKeysAndRenditionsCases = {
    Case{"key_none_with_uri", kHead + "#EXT-X-KEY:METHOD=NONE,URI=\"k\"\n" + kSegment,
         one(3, "key-attributes")},
    Case{"key_none_with_keyformat",
         "#EXTM3U\n#EXT-X-VERSION:5\n#EXT-X-TARGETDURATION:6\n"
         "#EXT-X-KEY:METHOD=NONE,KEYFORMAT=\"identity\"\n" +
             kSegment,
         one(4, "key-attributes")},
    Case{"aes_without_uri", kHead + "#EXT-X-KEY:METHOD=AES-128\n" + kSegment,
         one(3, "key-attributes")},
    Case{"sample_aes_ctr_without_uri", kHead + "#EXT-X-KEY:METHOD=SAMPLE-AES-CTR\n" + kSegment,
         one(3, "key-attributes")},
    Case{"session_key_none", "#EXTM3U\n#EXT-X-SESSION-KEY:METHOD=NONE\n" + kVariant,
         one(2, "key-attributes")},
    Case{"closed_captions_with_uri",
         "#EXTM3U\n#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID=\"cc\",NAME=\"c\","
         "INSTREAM-ID=\"CC1\",URI=\"cc.m3u8\"\n",
         one(2, "media-attributes")},
    Case{"closed_captions_without_instream_id",
         "#EXTM3U\n#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID=\"cc\",NAME=\"c\"\n",
         one(2, "media-attributes")},
    Case{"instream_id_cc5",
         "#EXTM3U\n#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID=\"cc\",NAME=\"c\","
         "INSTREAM-ID=\"CC5\"\n",
         one(2, "media-attributes")},
    Case{"instream_id_on_audio",
         "#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"n\",INSTREAM-ID=\"CC1\"\n",
         one(2, "version-too-low")},
    Case{"instream_id_characters",
         "#EXTM3U\n#EXT-X-VERSION:13\n"
         "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"n\",INSTREAM-ID=\"a b\"\n",
         one(3, "media-attributes")},
    Case{"subtitles_without_uri",
         "#EXTM3U\n#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"s\",NAME=\"en\"\n",
         one(2, "media-attributes")},
    Case{"channels_on_video",
         "#EXTM3U\n#EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID=\"v\",NAME=\"n\",CHANNELS=\"2\"\n",
         one(2, "media-attributes")},
    Case{"stable_variant_id_characters",
         "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,STABLE-VARIANT-ID=\"a b\"\nv.m3u8\n",
         one(2, "bad-attribute-type")},
    Case{"sample_aes_ctr_with_iv",
         "#EXTM3U\n#EXT-X-VERSION:2\n#EXT-X-TARGETDURATION:6\n"
         "#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,URI=\"k\",IV=0x000102030405060708090a0b0c0d0e0f\n" +
             kSegment,
         one(4, "key-attributes")},
    Case{"aes_256_gcm_with_iv",
         "#EXTM3U\n#EXT-X-VERSION:2\n#EXT-X-TARGETDURATION:6\n"
         "#EXT-X-KEY:METHOD=AES-256-GCM,URI=\"k\",IV=0x000102030405060708090a0b0c0d0e0f\n" +
             kSegment,
         one(4, "key-attributes")},
    Case{"aes_256_gcm", kHead + "#EXT-X-KEY:METHOD=AES-256-GCM,URI=\"k\"\n" + kSegment, {}},
    Case{"default_without_autoselect",
         "#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"n\",DEFAULT=YES,"
         "AUTOSELECT=NO\n",
         one(2, "media-attributes")},
    Case{"forced_on_audio",
         "#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"n\",FORCED=NO\n",
         one(2, "media-attributes")},
    Case{"name_twice_in_group",
         "#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"en\",URI=\"1.m3u8\"\n"
         "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"en\",URI=\"2.m3u8\"\n",
         one(3, "media-attributes")},
    Case{"same_name_other_group",
         "#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"en\",URI=\"1.m3u8\"\n"
         "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"b\",NAME=\"en\",URI=\"2.m3u8\"\n",
         {}},
    Case{"two_defaults_in_group",
         "#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"en\",DEFAULT=YES\n"
         "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"de\",DEFAULT=YES\n",
         one(3, "media-attributes")},
    Case{"audio_group_used_as_subtitles",
         "#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aud\",NAME=\"en\",URI=\"a.m3u8\"\n"
         "#EXT-X-STREAM-INF:BANDWIDTH=1,AUDIO=\"aud\",SUBTITLES=\"aud\"\nv.m3u8\n",
         one(3, "stream-inf-attributes")},
    Case{"group_defined_after_variant",
         "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,AUDIO=\"aud\"\nv.m3u8\n"
         "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aud\",NAME=\"en\",URI=\"a.m3u8\"\n",
         {}},
    Case{"i_frame_video_group_missing",
         "#EXTM3U\n#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=1,URI=\"i.m3u8\",VIDEO=\"v\"\n",
         one(2, "stream-inf-attributes")},
    Case{"closed_captions_none_not_everywhere",
         "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,CLOSED-CAPTIONS=NONE\na.m3u8\n" + kVariant,
         one(4, "stream-inf-attributes")},
    Case{"pathway_without_steering",
         "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,PATHWAY-ID=\"a\"\nv.m3u8\n",
         one(2, "content-steering")},
    Case{"steering_pathway_of_no_variant",
         "#EXTM3U\n#EXT-X-CONTENT-STEERING:SERVER-URI=\"s.json\",PATHWAY-ID=\"c\"\n"
         "#EXT-X-STREAM-INF:BANDWIDTH=1,PATHWAY-ID=\"a\"\nv.m3u8\n",
         one(2, "content-steering")},
    Case{"steering_default_pathway",
         "#EXTM3U\n#EXT-X-CONTENT-STEERING:SERVER-URI=\"s.json\",PATHWAY-ID=\".\"\n" + kVariant,
         {}}};
INSTANTIATE_TEST_SUITE_P(KeysAndRenditions, ValidatorCase,
                         testing::ValuesIn(kKeysAndRenditionsCases), case_name);

const std::vector<Case> kVariablesAndMetadataCases = {
    Case{"undefined_in_uri",
         "#EXTM3U\n#EXT-X-VERSION:8\n#EXT-X-STREAM-INF:BANDWIDTH=1\n"
         "{$host}/v.m3u8\n",
         one(4, "undefined-variable")},
    Case{"undefined_in_quoted_string",
         "#EXTM3U\n#EXT-X-VERSION:8\n"
         "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"n\",URI=\"{$x}/a.m3u8\"\n",
         one(3, "undefined-variable")},
    Case{"import_in_master",
         "#EXTM3U\n#EXT-X-VERSION:8\n#EXT-X-DEFINE:IMPORT=\"a\"\n"
         "#EXT-X-STREAM-INF:BANDWIDTH=1\n{$a}.m3u8\n",
         one(3, "undefined-variable")},
    Case{"reference_repeated_on_a_line",
         "#EXTM3U\n#EXT-X-VERSION:8\n#EXT-X-STREAM-INF:BANDWIDTH=1\n{$h}/{$h}/{$h}.m3u8\n",
         one(4, "undefined-variable")},
    Case{"not_a_reference", kHead + "#EXTINF:6,\n{$}/{$a b}/{x}.ts\n", {}},
    Case{"part_without_part_inf", kHead + "#EXT-X-PART:DURATION=0.5,URI=\"p.mp4\"\n",
         one(3, "part-without-part-inf")},
    Case{"part_above_target", kLowLatencyHead + "#EXT-X-PART:DURATION=0.6,URI=\"p.mp4\"\n",
         one(5, "part-above-part-target")},
    Case{"part_hold_back_missing",
         "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES\n"
         "#EXT-X-PART-INF:PART-TARGET=0.5\n",
         one(3, "missing-attribute")},
    Case{"part_hold_back_low",
         "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-SERVER-CONTROL:PART-HOLD-BACK=0.9\n"
         "#EXT-X-PART-INF:PART-TARGET=0.5\n",
         one(3, "server-control")},
    Case{"hold_back_low", kHead + "#EXT-X-SERVER-CONTROL:HOLD-BACK=17.9\n" + kSegment,
         one(3, "server-control")},
    Case{"can_skip_until_low",
         "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-SERVER-CONTROL:CAN-SKIP-UNTIL=12\n" +
             kSegment.substr(0, 8) + "4,\na.ts\n",
         one(3, "server-control")},
    Case{"skip_without_server_control",
         "#EXTM3U\n#EXT-X-VERSION:9\n#EXT-X-TARGETDURATION:6\n#EXT-X-SKIP:SKIPPED-SEGMENTS=3\n" +
             kSegment,
         one(4, "skip-without-can-skip")},
    Case{"skip_without_can_skip_until",
         "#EXTM3U\n#EXT-X-VERSION:9\n#EXT-X-TARGETDURATION:6\n"
         "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES\n#EXT-X-SKIP:SKIPPED-SEGMENTS=3\n" +
             kSegment,
         one(5, "skip-without-can-skip")},
    Case{"preload_hint_after_end",
         kHead + kSegment + "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"p.mp4\"\n#EXT-X-ENDLIST\n",
         one(5, "preload-hint-with-endlist")},
    Case{"daterange_end_before_start",
         kDatedHead +
             "#EXT-X-DATERANGE:ID=\"a\",START-DATE=\"2024-05-01T12:00:10Z\","
             "END-DATE=\"2024-05-01T12:00:05Z\"\n" +
             kSegment,
         one(4, "daterange-attributes")},
    Case{"daterange_duration_mismatch",
         kDatedHead +
             "#EXT-X-DATERANGE:ID=\"a\",START-DATE=\"2024-05-01T12:00:00Z\","
             "END-DATE=\"2024-05-01T12:00:10Z\",DURATION=12\n" +
             kSegment,
         one(4, "daterange-attributes")},
    Case{"daterange_duration_across_zones",
         kDatedHead +
             "#EXT-X-DATERANGE:ID=\"a\",START-DATE=\"2024-05-01T12:00:00Z\","
             "END-DATE=\"2024-05-01T14:00:10.25+02:00\",DURATION=10.25\n" +
             kSegment,
         {}},
    Case{"end_on_next_with_duration",
         kDatedHead +
             "#EXT-X-DATERANGE:ID=\"a\",CLASS=\"c\",START-DATE=\"2024-05-01T12:00:00Z\","
             "END-ON-NEXT=YES,DURATION=1\n" +
             kSegment,
         one(4, "daterange-attributes")},
    Case{"end_on_next_without_class",
         kDatedHead +
             "#EXT-X-DATERANGE:ID=\"a\",START-DATE=\"2024-05-01T12:00:00Z\",END-ON-NEXT=YES\n" +
             kSegment,
         one(4, "daterange-attributes")},
    Case{"end_on_next_with_class",
         kDatedHead +
             "#EXT-X-DATERANGE:ID=\"a\",CLASS=\"c\",START-DATE=\"2024-05-01T12:00:00Z\","
             "END-ON-NEXT=YES\n" +
             kSegment,
         {}},
    Case{"cue_pre_and_post",
         kDatedHead +
             "#EXT-X-DATERANGE:ID=\"a\",START-DATE=\"2024-05-01T12:00:00Z\",CUE=\"PRE,ONCE,"
             "POST\"\n" +
             kSegment,
         one(4, "daterange-attributes")},
    Case{"later_tag_of_an_id_omits_start",
         kDatedHead +
             "#EXT-X-DATERANGE:ID=\"s\",START-DATE=\"2024-05-01T12:00:00Z\",PLANNED-DURATION=60\n" +
             kSegment +
             "#EXT-X-DATERANGE:ID=\"s\",DURATION=59.5,END-DATE=\"2024-05-01T12:00:59.500Z\"\n",
         {}},
    Case{"later_tag_of_an_id_disagrees",
         kDatedHead +
             "#EXT-X-DATERANGE:ID=\"s\",START-DATE=\"2024-05-01T12:00:00Z\",PLANNED-DURATION=60\n" +
             kSegment +
             "#EXT-X-DATERANGE:ID=\"s\",DURATION=30,END-DATE=\"2024-05-01T12:00:59.500Z\"\n",
         one(7, "daterange-attributes")},
    Case{"daterange_bad_start",
         kDatedHead + "#EXT-X-DATERANGE:ID=\"a\",START-DATE=\"yesterday\"\n" + kSegment,
         one(4, "daterange-attributes")},
    Case{"daterange_id_changes_start",
         kDatedHead + "#EXT-X-DATERANGE:ID=\"a\",START-DATE=\"2024-05-01T12:00:00Z\"\n" +
             "#EXT-X-DATERANGE:ID=\"a\",START-DATE=\"2024-05-01T12:00:01Z\"\n" + kSegment,
         one(5, "daterange-attributes")},
    Case{"daterange_without_program_date_time",
         kHead + "#EXT-X-DATERANGE:ID=\"a\",START-DATE=\"2024-05-01T12:00:00Z\"\n" + kSegment,
         one(3, "daterange-attributes")}};
INSTANTIATE_TEST_SUITE_P(VariablesAndMetadata, ValidatorCase,
                         testing::ValuesIn(kVariablesAndMetadataCases), case_name);

const std::vector<Case> kRemovedFeatureCases = {
    Case{"program_id_at_6",
         "#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-STREAM-INF:BANDWIDTH=1,PROGRAM-ID=1\n"
         "v.m3u8\n#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=1,URI=\"i\",PROGRAM-ID=1\n",
         one(3, "version-removed-feature")},
    Case{"program_id_at_5",
         "#EXTM3U\n#EXT-X-VERSION:5\n#EXT-X-STREAM-INF:BANDWIDTH=1,PROGRAM-ID=1\n"
         "v.m3u8\n",
         {}},
    Case{"allow_cache_at_7",
         "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-ALLOW-CACHE:NO\n" + kHead.substr(8) + kSegment,
         one(3, "version-removed-feature")},
    Case{"allow_cache_at_6",
         "#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-ALLOW-CACHE:NO\n" + kHead.substr(8) + kSegment,
         {}},
    Case{"float_durations_without_version", kHead + "#EXTINF:5.5,\na.ts\n#EXTINF:4.5,\nb.ts\n",
         one(3, "version-too-low")},
};
INSTANTIATE_TEST_SUITE_P(RemovedFeatures, ValidatorCase, testing::ValuesIn(kRemovedFeatureCases),
                         case_name);

TEST(Validator, ValidPlaylistsNeedNoMoreThanTheyDeclare) {
  for (const std::string* text : {&kVod, &kLive, &kLowLatency, &kByteRanges, &kMaster}) {
    const auto parsed = parse(*text);
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    std::visit(
        [](const auto& playlist) { EXPECT_LE(required_version(playlist), *playlist.version); },
        *parsed);
  }
}

TEST(Validator, EveryRuleHasACaseThatBreaksIt) {
  std::set<std::string_view> covered = {"version-too-low"};
  for (const auto* cases :
       {&kFileStructureCases, &kMediaSegmentsCases, &kAttributesCases, &kKeysAndRenditionsCases,
        &kVariablesAndMetadataCases, &kRemovedFeatureCases}) {
    for (const Case& c : *cases) {
      for (const auto& [line, id] : c.expected)
        covered.insert(id);
    }
  }
  for (const RuleInfo& info : rules())
    EXPECT_TRUE(covered.contains(info.id)) << info.id;
}

TEST(Validator, ReportsEveryViolationInLineOrder) {
  const std::string text =
      "#EXTM3U\n"                        // 1
      "#EXT-X-PLAYLIST-TYPE:LIVE\n"      // 2
      "#EXTINF:9.5,\n"                   // 3: above target, needs version 3
      "a.ts\n"                           // 4
      "b.ts\n"                           // 5: no EXTINF
      "#EXT-X-KEY:METHOD=AES-128\n"      // 6: no URI
      "#EXT-X-STREAM-INF:BANDWIDTH=1\n"  // 7: master tag
      "v.m3u8\n"                         // 8
      "#EXT-X-TARGETDURATION:6\n"        // 9
      "#EXT-X-MEDIA-SEQUENCE:1\n"        // 10: after the first segment
      "#EXTINF:6,\n";                    // 11: no URI
  const Found expected = {{2, "playlist-type-value"},
                          {3, "extinf-above-target-duration"},
                          {3, "version-too-low"},
                          {5, "missing-extinf"},
                          {6, "key-attributes"},
                          {7, "mixed-playlist"},
                          {10, "media-sequence-after-segment"},
                          {11, "tag-without-uri"}};
  EXPECT_EQ(found(text), expected) << messages(text);
}

TEST(Validator, MessagesNameTheTagTheAttributeAndTheRule) {
  const auto missing = validate("#EXTM3U\n#EXT-X-STREAM-INF:RESOLUTION=640x360\nv.m3u8\n");
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_NE(missing[0].message.find("EXT-X-STREAM-INF"), std::string::npos);
  EXPECT_NE(missing[0].message.find("BANDWIDTH"), std::string::npos);
  const auto bad_enum = validate("#EXTM3U\n#EXT-X-MEDIA:TYPE=TEXT,GROUP-ID=\"g\",NAME=\"n\"\n");
  ASSERT_EQ(bad_enum.size(), 1u);
  EXPECT_NE(bad_enum[0].message.find("TYPE=TEXT"), std::string::npos);
  EXPECT_NE(bad_enum[0].message.find("CLOSED-CAPTIONS"), std::string::npos);
  const auto duplicate = validate(kHead + "#EXT-X-TARGETDURATION:4\n" + kSegment);
  ASSERT_EQ(duplicate.size(), 1u);
  EXPECT_NE(duplicate[0].message.find("line 2"), std::string::npos);
}

TEST(Validator, LexerErrorIsReportedAndEndsTheWalk) {
  ParseLimits limits;
  limits.max_line_bytes = 32;
  const std::string text = "#EXTM3U\n#EXT-X-PLAYLIST-TYPE:LIVE\n#EXTINF:6,\n" +
                           std::string(40, 'a') + "\n#EXT-X-PLAYLIST-TYPE:NOPE\n";
  const auto diagnostics = validate(text, limits);
  ASSERT_EQ(diagnostics.size(), 2u);
  EXPECT_EQ(diagnostics[0].rule, Rule::kPlaylistTypeValue);
  EXPECT_EQ(diagnostics[1].rule, Rule::kSyntax);
  EXPECT_EQ(diagnostics[1].line, 4u);

  limits = ParseLimits{};
  limits.max_bytes = 10;
  const auto too_large = validate(kVod, limits);
  ASSERT_EQ(too_large.size(), 1u);
  EXPECT_EQ(too_large[0].rule, Rule::kSyntax);

  const auto bare_cr = validate(kHead + "#EXTINF:6,\ra.ts\n");
  ASSERT_EQ(bare_cr.size(), 1u);
  EXPECT_EQ(bare_cr[0].rule, Rule::kSyntax);
  EXPECT_EQ(bare_cr[0].line, 3u);
}

void expect_sane(const std::string& text) {
  const auto diagnostics = validate(text);
  EXPECT_TRUE(
      std::is_sorted(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& a, const Diagnostic& b) { return a.line < b.line; }));
  for (const Diagnostic& d : diagnostics) {
    EXPECT_FALSE(rule_info(d.rule).id.empty());
    EXPECT_FALSE(d.message.empty());
  }
}

TEST(Validator, SurvivesHostileInput) {
  const std::vector<std::string> hostile = {
      "#EXTM3U\n#EXT-X-TARGETDURATION:99999999999999999999999999\n#EXTINF:1e308,\na\n",
      "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:" + std::string(5000, '9') + ".5,\na\n",
      "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:18446744073709551616,\na\n",
      "#EXTM3U\n#EXT-X-BYTERANGE:18446744073709551615@18446744073709551615\n"
      "#EXT-X-BYTERANGE:@\n#EXT-X-BYTERANGE:1@\na\n",
      "#EXTM3U\n#EXT-X-VERSION:4294967296\n#EXT-X-VERSION:-1\n#EXT-X-VERSION:\n",
      "#EXTM3U\n#EXT-X-PROGRAM-DATE-TIME:0000-01-01T00:00:00Z\n"
      "#EXT-X-PROGRAM-DATE-TIME:9999-12-31T23:59:60.99999999999999999999+23:59\n"
      "#EXT-X-PROGRAM-DATE-TIME:2024-13-01T00:00:00Z\n#EXT-X-PROGRAM-DATE-TIME:2024-01-01T\n",
      "#EXTM3U\n" + std::string(10000, '{') + "{$" + std::string(10000, '$') + "}\n",
      "#EXTM3U\n#EXT-X-STREAM-INF:" + std::string(3000, ',') + "\n",
      "#EXTM3U\n#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,INSTREAM-ID=\"SERVICE\"\n"
      "#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,INSTREAM-ID=\"SERVICE099\"\n"
      "#EXT-X-MEDIA:INSTREAM-ID=\"CC\",TYPE=CLOSED-CAPTIONS,GROUP-ID=\"\",NAME=\"\"\n",
      "#EXTM3U\n#EXT-X-DATERANGE:ID=\"a\",START-DATE=\"x\",END-ON-NEXT=NO,DURATION=-1\n"
      "#EXT-X-DATERANGE:ID=\"a\",START-DATE=\"y\",END-DATE=\"2024-01-01T00:00:00Z\"\n",
      "#EXTM3U\n#EXT-X-DEFINE:NAME=\"\",VALUE=\"\"\n#EXT-X-DEFINE:IMPORT=\"{$a}\"\n{$}\n",
      "\xEF\xBB\xBF#EXTM3U\n#EXTINF:6,\n",
      "#EXTM3U\n#EXT\n#EXT-\n#EXTINF\n#EXT-X-KEY\n#EXT-X-PART:\n#EXT-X-SKIP\n#EXT-X-MAP\n",
  };
  std::string many = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1";
  for (int i = 0; i < 300; ++i)
    many += ",X-A" + std::to_string(i) + "=1";
  const auto too_many = validate(many + "\nv.m3u8\n");
  ASSERT_EQ(too_many.size(), 1u);
  EXPECT_EQ(too_many[0].rule, Rule::kSyntax);
  EXPECT_EQ(too_many[0].line, 2u);
  for (const std::string& text : hostile)
    expect_sane(text);

  // Random splices of the realistic playlists' lines, with random bytes mixed in.
  std::vector<std::string> lines;
  for (const std::string* text :
       {&kVod, &kLive, &kLowLatency, &kByteRanges, &kMaster, &kSteering, &kVariables}) {
    size_t start = 0;
    for (size_t end; (end = text->find('\n', start)) != std::string::npos; start = end + 1) {
      lines.push_back(text->substr(start, end - start));
    }
  }
  std::mt19937 rng(20240501);
  for (int round = 0; round < 2000; ++round) {
    std::string text = round % 3 == 0 ? "" : "#EXTM3U\n";
    const int count = std::uniform_int_distribution<int>(0, 40)(rng);
    for (int i = 0; i < count; ++i) {
      std::string line = lines[std::uniform_int_distribution<size_t>(0, lines.size() - 1)(rng)];
      if (!line.empty() && rng() % 4 == 0) {
        const size_t at = std::uniform_int_distribution<size_t>(0, line.size() - 1)(rng);
        line[at] = static_cast<char>(rng() % 128 == 0 ? 0 : 32 + rng() % 95);
      }
      if (rng() % 7 == 0) line = line.substr(0, line.size() / 2);
      text += line + "\n";
    }
    expect_sane(text);
  }
}

TEST(RuleTable, DescribesEveryRuleOnceWithAStableId) {
  std::set<std::string_view> ids;
  size_t index = 0;
  for (const RuleInfo& info : rules()) {
    EXPECT_EQ(static_cast<size_t>(info.rule), index++);
    EXPECT_EQ(&rule_info(info.rule), &info);
    EXPECT_TRUE(ids.insert(info.id).second) << info.id;
    EXPECT_TRUE(std::all_of(info.id.begin(), info.id.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    })) << info.id;
    EXPECT_FALSE(info.section.empty());
    EXPECT_FALSE(info.summary.empty());
  }
  EXPECT_EQ(rules().size(), static_cast<size_t>(Rule::kPreloadHintWithEndList) + 1);
  EXPECT_EQ(rule_info(Rule::kExtinfAboveTarget).id, "extinf-above-target-duration");
  EXPECT_EQ(rule_info(Rule::kExtinfAboveTarget).section, "4.4.3.1");
}

}  // namespace
}  // namespace manifest
