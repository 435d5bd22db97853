// Seeded random generator of playlist models that the writer can express: every string is
// of a shape the syntax can carry, so parse(write(m)) must give m back. Used by the round
// trip property test.
#pragma once

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "manifest/attribute_list.h"
#include "manifest/playlist.h"

namespace manifest::testgen {

class PlaylistGenerator {
 public:
  explicit PlaylistGenerator(uint64_t seed) : rng_(seed) {}

  MediaPlaylist media() {
    MediaPlaylist p;
    if (chance(0.7)) p.version = static_cast<uint32_t>(between(1, 12));
    p.independent_segments = chance(0.3);
    if (chance(0.2)) p.start = start_attributes();
    for (int i = between(0, 2); i > 0; --i)
      p.defines.push_back(define_attributes());
    if (chance(0.9)) p.target_duration = between(0, 12);
    if (chance(0.6)) p.media_sequence = big_integer();
    if (chance(0.2)) p.discontinuity_sequence = big_integer();
    if (chance(0.4)) p.playlist_type = chance(0.5) ? PlaylistType::kVod : PlaylistType::kEvent;
    p.i_frames_only = chance(0.1);
    const bool low_latency = chance(0.3);
    if (low_latency) p.part_inf = list({{"PART-TARGET", AttributeValue::float_value(part())}});
    if (chance(0.3)) p.server_control = server_control();
    if (chance(0.1)) {
      p.skip = list({{"SKIPPED-SEGMENTS", AttributeValue::integer_value(between(1, 100))}});
    }
    for (int i = between(0, 2); i > 0; --i)
      p.header_lines.push_back(unknown_line());
    for (int i = between(0, 12); i > 0; --i)
      p.segments.push_back(segment(low_latency));
    if (chance(0.25)) p.open_segment = open_segment(low_latency);
    if (low_latency) {
      for (int i = between(0, 2); i > 0; --i)
        p.preload_hints.push_back(preload_hint());
      for (int i = between(0, 2); i > 0; --i)
        p.rendition_reports.push_back(rendition_report());
    }
    p.end_list = chance(0.5);
    // A playlist of only kind-neutral lines would read back as whichever kind the parser
    // assumes; a target duration makes it a media playlist for sure.
    if (p.segments.empty() && !p.target_duration) p.target_duration = between(1, 10);
    return p;
  }

  MasterPlaylist master() {
    MasterPlaylist p;
    if (chance(0.7)) p.version = static_cast<uint32_t>(between(1, 12));
    p.independent_segments = chance(0.3);
    if (chance(0.2)) p.start = start_attributes();
    for (int i = between(0, 2); i > 0; --i)
      p.defines.push_back(define_attributes());
    for (int i = between(0, 2); i > 0; --i)
      p.header_lines.push_back(unknown_line());
    for (int i = between(0, 2); i > 0; --i)
      p.session_data.push_back(session_data());
    for (int i = between(0, 1); i > 0; --i)
      p.session_keys.push_back(key(true));
    if (chance(0.2)) {
      p.content_steering = list({{"SERVER-URI", AttributeValue::string_value(uri())},
                                 {"PATHWAY-ID", AttributeValue::string_value(token())}});
    }
    for (int i = between(0, 4); i > 0; --i)
      p.media.push_back(media_rendition());
    for (int i = between(1, 6); i > 0; --i)
      p.variants.push_back(variant());
    for (int i = between(0, 2); i > 0; --i)
      p.i_frame_variants.push_back(i_frame_variant());
    for (int i = between(0, 2); i > 0; --i)
      p.trailing_lines.push_back(unknown_line());
    return p;
  }

 private:
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  int between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  uint64_t big_integer() {
    switch (between(0, 3)) {
      case 0:
        return 0;
      case 1:
        return UINT64_MAX;
      case 2:
        return std::uniform_int_distribution<uint64_t>()(rng_);
      default:
        return static_cast<uint64_t>(between(0, 100000));
    }
  }
  template <size_t N>
  char pick(const char (&alphabet)[N]) {
    return alphabet[std::uniform_int_distribution<size_t>(0, N - 2)(rng_)];
  }

  // Non-negative finite doubles of every shape the writer must print exactly: integers,
  // millisecond values, full-precision fractions, tiny and large magnitudes.
  double non_negative() {
    switch (between(0, 5)) {
      case 0:
        return between(0, 20);
      case 1:
        return between(0, 20000) / 1000.0;
      case 2:
        return std::uniform_real_distribution<double>(0, 12)(rng_);
      case 3:
        return std::uniform_real_distribution<double>(0, 1e-6)(rng_);
      case 4:
        return std::uniform_real_distribution<double>(1e9, 1e15)(rng_);
      default:
        return 0.1 * between(0, 100);
    }
  }
  double part() { return between(100, 2000) / 1000.0; }

  // Text of an allowed alphabet; empty only when min_length is 0.
  std::string text(int min_length, int max_length) {
    static constexpr char kAlphabet[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-.,:;=/?&%@!*()[]{}'+~";
    std::string s;
    for (int n = between(min_length, max_length); n > 0; --n)
      s.push_back(pick(kAlphabet));
    if (chance(0.1)) s += "\xc3\xa9\xe6\x97\xa5";  // UTF-8: e-acute, a CJK character
    return s;
  }
  std::string token() {
    static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string s(1, 'a' + static_cast<char>(between(0, 25)));
    for (int n = between(0, 10); n > 0; --n)
      s.push_back(pick(kAlphabet));
    return s;
  }
  // A URI line: non-empty, no surrounding whitespace, never starting with '#'.
  std::string uri() {
    static constexpr std::string_view kSchemes[] = {
        "", "", "https://cdn.example.com/", "http://10.0.0.1:8080/", "../", "/abs/"};
    std::string s(kSchemes[between(0, 5)]);
    s += token();
    if (chance(0.3)) s += "/" + token();
    static constexpr std::string_view kExtensions[] = {".ts", ".m4s", ".mp4", ".m3u8", ".aac"};
    s += kExtensions[between(0, 4)];
    if (chance(0.2)) s += "?token=" + token() + "&t=" + std::to_string(between(0, 99999));
    return s;
  }
  // A quoted-string value: anything but '"', CR and LF.
  std::string quoted() { return chance(0.05) ? std::string() : text(1, 24); }
  // An enumerated-string that cannot be read as another type: starts with a letter.
  std::string enumerated() {
    static constexpr std::string_view kKnown[] = {"YES", "NO",     "NONE",    "PQ",
                                                  "SDR", "TYPE-0", "AES-128", "PART"};
    if (chance(0.6)) return std::string(kKnown[between(0, 7)]);
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123456789-._";
    std::string s(1, 'A' + static_cast<char>(between(0, 25)));
    for (int n = between(0, 8); n > 0; --n)
      s.push_back(pick(kAlphabet));
    return s;
  }
  std::string hex() {
    static constexpr char kDigits[] = "0123456789ABCDEFabcdef";
    std::string s = "0x";
    for (int n = between(1, 32); n > 0; --n)
      s.push_back(pick(kDigits));
    return s;
  }
  std::string date_time() {
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "20%02d-%02d-%02dT%02d:%02d:%02d.%03d%s", between(0, 40),
                  between(1, 12), between(1, 28), between(0, 23), between(0, 59), between(0, 59),
                  between(0, 999), chance(0.7) ? "Z" : "+02:00");
    return buffer;
  }
  // Comments (never "#EXT...") and unknown tags, the lines the model keeps verbatim.
  std::string unknown_line() {
    switch (between(0, 3)) {
      case 0: {
        std::string comment = text(0, 30);
        if (comment.starts_with("EXT")) comment[0] = 'e';  // "#EXT..." would be a tag
        return "#" + comment;
      }
      case 1:
        return "# " + text(1, 30);
      case 2:
        return "#EXT-X-GEN-" + enumerated();
      default:
        return "#EXT-X-GEN-" + enumerated() + ":" + text(1, 30);
    }
  }

  AttributeValue any_value() {
    switch (between(0, 6)) {
      case 0:
        return AttributeValue::integer_value(big_integer());
      case 1:
        return AttributeValue::hex_value(hex());
      case 2:
        return AttributeValue::float_value(non_negative());
      case 3:
        return AttributeValue::float_value(-non_negative() - 0.001);
      case 4:
        return AttributeValue::string_value(quoted());
      case 5:
        return AttributeValue::enum_value(enumerated());
      default:
        return AttributeValue::resolution_value(
            {static_cast<uint32_t>(big_integer()), static_cast<uint32_t>(between(0, 5000))});
    }
  }
  // Builds a list from fixed attributes, then adds client attributes (X-...) of any type.
  AttributeList list(std::vector<Attribute> attributes) {
    AttributeList out;
    for (auto& attribute : attributes)
      out.set(attribute.name, std::move(attribute.value));
    for (int i = between(0, chance(0.3) ? 3 : 0); i > 0; --i) {
      std::string name = "X-" + enumerated();
      for (char& c : name)
        c = (c == '.' || c == '_') ? '-' : static_cast<char>(std::toupper(c));
      if (!out.contains(name)) out.set(name, any_value());
    }
    return out;
  }

  AttributeList start_attributes() {
    const double offset = chance(0.5) ? non_negative() : -non_negative() - 1;
    std::vector<Attribute> a{{"TIME-OFFSET", AttributeValue::float_value(offset)}};
    if (chance(0.5))
      a.push_back({"PRECISE", AttributeValue::enum_value(chance(0.5) ? "YES" : "NO")});
    return list(std::move(a));
  }
  AttributeList define_attributes() {
    switch (between(0, 2)) {
      case 0:
        return list({{"NAME", AttributeValue::string_value(token())},
                     {"VALUE", AttributeValue::string_value(quoted())}});
      case 1:
        return list({{"IMPORT", AttributeValue::string_value(token())}});
      default:
        return list({{"QUERYPARAM", AttributeValue::string_value(token())}});
    }
  }
  AttributeList server_control() {
    std::vector<Attribute> a;
    if (chance(0.5)) a.push_back({"CAN-SKIP-UNTIL", AttributeValue::float_value(non_negative())});
    if (chance(0.3)) a.push_back({"CAN-SKIP-DATERANGES", AttributeValue::enum_value("YES")});
    if (chance(0.5)) a.push_back({"HOLD-BACK", AttributeValue::float_value(non_negative())});
    if (chance(0.5)) a.push_back({"PART-HOLD-BACK", AttributeValue::float_value(part() * 3)});
    a.push_back({"CAN-BLOCK-RELOAD", AttributeValue::enum_value("YES")});
    return list(std::move(a));
  }
  AttributeList key(bool session) {
    if (!session && chance(0.2)) return list({{"METHOD", AttributeValue::enum_value("NONE")}});
    std::vector<Attribute> a{
        {"METHOD", AttributeValue::enum_value(chance(0.5) ? "AES-128" : "SAMPLE-AES")},
        {"URI", AttributeValue::string_value(uri())}};
    if (chance(0.5)) a.push_back({"IV", AttributeValue::hex_value(hex())});
    if (chance(0.3)) a.push_back({"KEYFORMAT", AttributeValue::string_value("identity")});
    if (chance(0.2)) a.push_back({"KEYFORMATVERSIONS", AttributeValue::string_value("1/2")});
    return list(std::move(a));
  }
  AttributeList map() {
    std::vector<Attribute> a{{"URI", AttributeValue::string_value(uri())}};
    if (chance(0.3)) {
      a.push_back(
          {"BYTERANGE", AttributeValue::string_value(std::to_string(between(1, 9999)) + "@" +
                                                     std::to_string(between(0, 99)))});
    }
    return list(std::move(a));
  }
  AttributeList date_range() {
    std::vector<Attribute> a{{"ID", AttributeValue::string_value(token())}};
    if (chance(0.5)) a.push_back({"CLASS", AttributeValue::string_value("com.example." + token())});
    a.push_back({"START-DATE", AttributeValue::string_value(date_time())});
    if (chance(0.4)) a.push_back({"DURATION", AttributeValue::float_value(non_negative())});
    if (chance(0.2)) a.push_back({"PLANNED-DURATION", AttributeValue::float_value(non_negative())});
    if (chance(0.2)) a.push_back({"SCTE35-OUT", AttributeValue::hex_value(hex())});
    return list(std::move(a));
  }
  AttributeList part_attributes() {
    std::vector<Attribute> a{{"DURATION", AttributeValue::float_value(part())},
                             {"URI", AttributeValue::string_value(uri())}};
    if (chance(0.3)) a.push_back({"INDEPENDENT", AttributeValue::enum_value("YES")});
    if (chance(0.1)) a.push_back({"GAP", AttributeValue::enum_value("YES")});
    if (chance(0.2)) {
      a.push_back({"BYTERANGE", AttributeValue::string_value(std::to_string(between(1, 999)))});
    }
    return list(std::move(a));
  }
  AttributeList preload_hint() {
    std::vector<Attribute> a{{"TYPE", AttributeValue::enum_value(chance(0.8) ? "PART" : "MAP")},
                             {"URI", AttributeValue::string_value(uri())}};
    if (chance(0.3))
      a.push_back({"BYTERANGE-START", AttributeValue::integer_value(between(0, 99))});
    return list(std::move(a));
  }
  AttributeList rendition_report() {
    return list({{"URI", AttributeValue::string_value(uri())},
                 {"LAST-MSN", AttributeValue::integer_value(big_integer())},
                 {"LAST-PART", AttributeValue::integer_value(between(0, 9))}});
  }

  // The tags of one segment; `uri` empty for the open segment at the end of a playlist.
  // Details are made only for a tag that goes there, as the parser makes them.
  void segment_tags(MediaSegment& s, bool low_latency) {
    if (chance(0.2)) {
      std::optional<ByteRange>& range = s.details.ensure().byte_range;
      range = ByteRange{big_integer(), std::nullopt};
      if (chance(0.5)) range->offset = big_integer();
    }
    s.discontinuity = chance(0.15);
    s.gap = chance(0.05);
    if (chance(0.1)) s.details.ensure().bitrate = big_integer();
    if (chance(0.15)) s.details.ensure().program_date_time = date_time();
    for (int i = chance(0.15) ? between(1, 2) : 0; i > 0; --i)
      s.details.ensure().keys.push_back(key(false));
    if (chance(0.15)) s.map = map();
    for (int i = chance(0.1) ? between(1, 2) : 0; i > 0; --i)
      s.details.ensure().date_ranges.push_back(date_range());
    if (low_latency) {
      for (int i = between(0, 3); i > 0; --i)
        s.details.ensure().parts.push_back(part_attributes());
    }
    for (int i = chance(0.2) ? between(1, 2) : 0; i > 0; --i)
      s.details.ensure().extra_lines.push_back(unknown_line());
  }
  MediaSegment segment(bool low_latency) {
    MediaSegment s;
    s.duration = non_negative();
    if (chance(0.3)) s.title = text(1, 20);
    s.uri = uri();
    segment_tags(s, low_latency);
    return s;
  }
  // The open segment carries no EXTINF, so a byte range (which belongs to the next URI) or
  // nothing at all would not be written; it always holds a part or an extra line.
  MediaSegment open_segment(bool low_latency) {
    MediaSegment s;
    segment_tags(s, low_latency);
    SegmentDetails& details = s.details.ensure();
    details.byte_range.reset();
    if (details.parts.empty() && details.extra_lines.empty()) {
      details.extra_lines.push_back(unknown_line());
    }
    return s;
  }

  AttributeList session_data() {
    std::vector<Attribute> a{{"DATA-ID", AttributeValue::string_value("com.example." + token())}};
    if (chance(0.5)) {
      a.push_back({"VALUE", AttributeValue::string_value(quoted())});
    } else {
      a.push_back({"URI", AttributeValue::string_value(uri())});
    }
    if (chance(0.5)) a.push_back({"LANGUAGE", AttributeValue::string_value("en")});
    return list(std::move(a));
  }
  AttributeList media_rendition() {
    static constexpr std::string_view kTypes[] = {"AUDIO", "VIDEO", "SUBTITLES", "CLOSED-CAPTIONS"};
    const std::string_view type = kTypes[between(0, 3)];
    std::vector<Attribute> a{{"TYPE", AttributeValue::enum_value(std::string(type))},
                             {"GROUP-ID", AttributeValue::string_value(token())},
                             {"NAME", AttributeValue::string_value(text(1, 12))}};
    if (type == "CLOSED-CAPTIONS") {
      a.push_back(
          {"INSTREAM-ID", AttributeValue::string_value("CC" + std::to_string(between(1, 4)))});
    } else if (chance(0.8)) {
      a.push_back({"URI", AttributeValue::string_value(uri())});
    }
    if (chance(0.5)) a.push_back({"LANGUAGE", AttributeValue::string_value("en-US")});
    if (chance(0.5))
      a.push_back({"DEFAULT", AttributeValue::enum_value(chance(0.5) ? "YES" : "NO")});
    if (chance(0.3)) a.push_back({"CHANNELS", AttributeValue::string_value("6/JOC")});
    return list(std::move(a));
  }
  // A variant with attributes of every value type.
  Variant variant() {
    Variant v;
    std::vector<Attribute> a{{"BANDWIDTH", AttributeValue::integer_value(big_integer())}};
    if (chance(0.5))
      a.push_back({"AVERAGE-BANDWIDTH", AttributeValue::integer_value(between(1, 1 << 30))});
    if (chance(0.6)) a.push_back({"CODECS", AttributeValue::string_value("avc1.64001f,mp4a.40.2")});
    if (chance(0.6)) {
      a.push_back({"RESOLUTION",
                   AttributeValue::resolution_value({static_cast<uint32_t>(between(1, 7680)),
                                                     static_cast<uint32_t>(between(1, 4320))})});
    }
    if (chance(0.5)) a.push_back({"FRAME-RATE", AttributeValue::float_value(non_negative())});
    if (chance(0.3)) a.push_back({"SCORE", AttributeValue::float_value(non_negative())});
    if (chance(0.3)) a.push_back({"HDCP-LEVEL", AttributeValue::enum_value("TYPE-0")});
    if (chance(0.3)) a.push_back({"AUDIO", AttributeValue::string_value(token())});
    if (chance(0.2)) a.push_back({"CLOSED-CAPTIONS", AttributeValue::enum_value("NONE")});
    if (chance(0.2)) a.push_back({"X-TEST-HEX", AttributeValue::hex_value(hex())});
    if (chance(0.2))
      a.push_back({"X-TEST-SIGNED", AttributeValue::float_value(-non_negative() - 1)});
    v.attributes = list(std::move(a));
    v.uri = uri();
    for (int i = chance(0.2) ? between(1, 2) : 0; i > 0; --i)
      v.extra_lines.push_back(unknown_line());
    return v;
  }
  AttributeList i_frame_variant() {
    return list({{"BANDWIDTH", AttributeValue::integer_value(between(1, 1 << 20))},
                 {"URI", AttributeValue::string_value(uri())}});
  }

  std::mt19937_64 rng_;
};

}  // namespace manifest::testgen
