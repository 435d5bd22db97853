// substitute_variables: NAME/VALUE, IMPORT and QUERYPARAM definitions, one-pass
// substitution in URIs and quoted-strings, the length bound, and every error.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "manifest/parser.h"
#include "manifest/rewrite.h"
#include "manifest/writer.h"

namespace manifest {
namespace {

using Imports = std::map<std::string, std::string, std::less<>>;

AttributeList define(const char* form, const char* name, const char* value = nullptr) {
  AttributeList out;
  out.set(form, AttributeValue::string_value(name));
  if (value != nullptr) out.set("VALUE", AttributeValue::string_value(value));
  return out;
}

MediaPlaylist media_with_defines() {
  MediaPlaylist playlist;
  playlist.defines.push_back(define("NAME", "host", "https://cdn.example"));
  playlist.defines.push_back(define("IMPORT", "auth"));
  playlist.defines.push_back(define("QUERYPARAM", "session"));
  MediaSegment segment;
  segment.uri = "{$host}/seg_0.ts?s={$session}&a={$auth}";
  AttributeList key;
  key.set("METHOD", AttributeValue::enum_value("AES-128"));
  key.set("URI", AttributeValue::string_value("{$host}/key?{$auth}"));
  key.set("KEYFORMAT", AttributeValue::string_value("identity"));
  segment.details.ensure().keys.push_back(key);
  AttributeList map;
  map.set("URI", AttributeValue::string_value("{$host}/init.mp4"));
  segment.map = map;
  playlist.segments.push_back(segment);
  MediaSegment open;
  AttributeList part;
  part.set("URI", AttributeValue::string_value("{$host}/part.m4s"));
  open.details.ensure().parts.push_back(part);
  playlist.open_segment = open;
  AttributeList hint;
  hint.set("TYPE", AttributeValue::enum_value("PART"));
  hint.set("URI", AttributeValue::string_value("{$host}/next.m4s"));
  playlist.preload_hints.push_back(hint);
  return playlist;
}

const Imports kImports = {{"auth", "token=42"}, {"unused", "x"}};
constexpr const char* kUrl = "https://edge.example/v/1/index.m3u8?session=a%20b%26c&x=1";

TEST(VariablesTest, SubstitutesEveryForm) {
  MediaPlaylist playlist = media_with_defines();
  ASSERT_TRUE(substitute_variables(playlist, kImports, kUrl).has_value());
  const MediaSegment& segment = playlist.segments[0];
  EXPECT_EQ(segment.uri, "https://cdn.example/seg_0.ts?s=a b&c&a=token=42");
  EXPECT_EQ(segment.details->keys[0].get_string("URI"), "https://cdn.example/key?token=42");
  EXPECT_EQ(segment.details->keys[0].items()[1].name, "URI");  // order kept
  EXPECT_EQ(segment.map->get_string("URI"), "https://cdn.example/init.mp4");
  EXPECT_EQ(playlist.open_segment->details->parts[0].get_string("URI"),
            "https://cdn.example/part.m4s");
  EXPECT_EQ(playlist.preload_hints[0].get_string("URI"), "https://cdn.example/next.m4s");
  // The definitions stay, so the playlist still says where its values came from.
  EXPECT_EQ(playlist.defines.size(), 3u);
}

TEST(VariablesTest, EnumeratedStringsAreNotSubstituted) {
  MediaPlaylist playlist;
  playlist.defines.push_back(define("NAME", "m", "NONE"));
  MediaSegment segment;
  segment.uri = "a.ts";
  AttributeList key;
  key.set("METHOD", AttributeValue::enum_value("{$m}"));
  segment.details.ensure().keys.push_back(key);
  playlist.segments.push_back(segment);
  ASSERT_TRUE(substitute_variables(playlist, {}, "").has_value());
  EXPECT_EQ(playlist.segments[0].details->keys[0].get_enum("METHOD"), "{$m}");
}

TEST(VariablesTest, OnePassNeverRecursive) {
  MediaPlaylist playlist;
  playlist.defines.push_back(define("NAME", "a", "{$b}"));
  playlist.defines.push_back(define("NAME", "b", "B"));
  MediaSegment segment;
  segment.uri = "{$a}{$b}{$a}";
  playlist.segments.push_back(segment);
  ASSERT_TRUE(substitute_variables(playlist, {}, "").has_value());
  EXPECT_EQ(playlist.segments[0].uri, "{$b}B{$b}");
}

TEST(VariablesTest, TextThatIsNotAReferenceStays) {
  MediaPlaylist playlist;
  playlist.defines.push_back(define("NAME", "v", "V"));
  MediaSegment segment;
  segment.uri = "{$} {$v {$a b} {v} $v {${$v}} {$v}";
  playlist.segments.push_back(segment);
  ASSERT_TRUE(substitute_variables(playlist, {}, "").has_value());
  EXPECT_EQ(playlist.segments[0].uri, "{$} {$v {$a b} {v} $v {$V} V");
}

TEST(VariablesTest, UndefinedReferenceFailsAndChangesNothing) {
  MediaPlaylist playlist = media_with_defines();
  playlist.segments[0].details->keys[0].set("URI", AttributeValue::string_value("{$nope}"));
  const MediaPlaylist original = playlist;
  const auto result = substitute_variables(playlist, kImports, kUrl);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error(), VariableError::kUndefined);
  EXPECT_EQ(playlist, original);
}

TEST(VariablesTest, ReferencesWithoutAnyDefineAreUndefined) {
  MediaPlaylist playlist;
  MediaSegment segment;
  segment.uri = "{$x}.ts";
  playlist.segments.push_back(segment);
  EXPECT_EQ(substitute_variables(playlist, {}, "").error(), VariableError::kUndefined);
}

TEST(VariablesTest, LengthIsBounded) {
  MediaPlaylist playlist;
  playlist.defines.push_back(define("NAME", "x", "0123456789"));
  MediaSegment segment;
  segment.uri = "{$x}{$x}{$x}";  // 30 bytes once substituted
  playlist.segments.push_back(segment);
  MediaPlaylist copy = playlist;
  EXPECT_EQ(substitute_variables(copy, {}, "", 29).error(), VariableError::kTooLong);
  EXPECT_EQ(copy, playlist);
  ASSERT_TRUE(substitute_variables(copy, {}, "", 30).has_value());
  EXPECT_EQ(copy.segments[0].uri.size(), 30u);
}

TEST(VariablesTest, ManyReferencesCannotBlowUp) {
  MediaPlaylist playlist;
  playlist.defines.push_back(define("NAME", "x", std::string(1000, 'a').c_str()));
  MediaSegment segment;
  for (int i = 0; i < 10000; ++i)
    segment.uri += "{$x}";
  playlist.segments.push_back(segment);
  EXPECT_EQ(substitute_variables(playlist, {}, "").error(), VariableError::kTooLong);
}

TEST(VariablesTest, BadDefines) {
  const auto error_of = [](AttributeList define_tag) {
    MediaPlaylist playlist;
    playlist.defines.push_back(std::move(define_tag));
    return substitute_variables(playlist, kImports, kUrl).error();
  };
  EXPECT_EQ(error_of(define("NAME", "x")), VariableError::kBadDefine);  // no VALUE
  EXPECT_EQ(error_of(define("NAME", "bad name", "v")), VariableError::kBadDefine);
  EXPECT_EQ(error_of(define("NAME", "", "v")), VariableError::kBadDefine);
  AttributeList both = define("NAME", "x", "v");
  both.set("IMPORT", AttributeValue::string_value("auth"));
  EXPECT_EQ(error_of(both), VariableError::kBadDefine);
  EXPECT_EQ(error_of(AttributeList{}), VariableError::kBadDefine);
  EXPECT_EQ(error_of(define("IMPORT", "missing")), VariableError::kMissingImport);
  EXPECT_EQ(error_of(define("QUERYPARAM", "missing")), VariableError::kMissingQueryParam);
}

TEST(VariablesTest, DuplicateNamesAreBad) {
  MediaPlaylist playlist;
  playlist.defines.push_back(define("NAME", "auth", "a"));
  playlist.defines.push_back(define("IMPORT", "auth"));
  EXPECT_EQ(substitute_variables(playlist, kImports, kUrl).error(), VariableError::kBadDefine);
}

TEST(VariablesTest, ValuesThatWouldInjectLinesAreRefused) {
  MediaPlaylist playlist;
  playlist.defines.push_back(define("QUERYPARAM", "q"));
  EXPECT_EQ(substitute_variables(playlist, {}, "http://e/i.m3u8?q=a%0A%23EXT-X-ENDLIST").error(),
            VariableError::kBadValue);
  EXPECT_EQ(substitute_variables(playlist, {}, "http://e/i.m3u8?q=%22").error(),
            VariableError::kBadValue);
  MediaPlaylist imported;
  imported.defines.push_back(define("IMPORT", "i"));
  EXPECT_EQ(substitute_variables(imported, {{"i", "a\rb"}}, "").error(), VariableError::kBadValue);
}

TEST(VariablesTest, QueryParameters) {
  const auto value_of = [](const char* url) -> std::string {
    MediaPlaylist playlist;
    playlist.defines.push_back(define("QUERYPARAM", "k"));
    MediaSegment segment;
    segment.uri = "[{$k}]";
    playlist.segments.push_back(segment);
    const auto result = substitute_variables(playlist, {}, url);
    return result ? std::string(playlist.segments[0].uri) : "<error>";
  };
  EXPECT_EQ(value_of("http://e/p.m3u8?k=v"), "[v]");
  EXPECT_EQ(value_of("http://e/p.m3u8?a=1&k=first&k=second"), "[first]");
  EXPECT_EQ(value_of("http://e/p.m3u8?k"), "[]");
  EXPECT_EQ(value_of("http://e/p.m3u8?%6B=%41%zz%4"), "[A%zz%4]");
  EXPECT_EQ(value_of("http://e/p.m3u8?k=a+b#k=frag"), "[a+b]");
  EXPECT_EQ(value_of("http://e/p.m3u8?kk=1&xk=2"), "<error>");
  EXPECT_EQ(value_of("http://e/p.m3u8#k=1"), "<error>");
}

TEST(VariablesTest, MasterPlaylist) {
  MasterPlaylist playlist;
  playlist.defines.push_back(define("NAME", "cdn", "https://cdn.example"));
  playlist.defines.push_back(define("QUERYPARAM", "token"));
  Variant variant;
  variant.attributes.set("BANDWIDTH", AttributeValue::integer_value(1));
  variant.attributes.set("AUDIO", AttributeValue::string_value("aud-{$token}"));
  variant.uri = "{$cdn}/360p.m3u8?t={$token}";
  playlist.variants.push_back(variant);
  AttributeList media;
  media.set("URI", AttributeValue::string_value("{$cdn}/audio.m3u8"));
  playlist.media.push_back(media);
  AttributeList steering;
  steering.set("SERVER-URI", AttributeValue::string_value("{$cdn}/steer"));
  playlist.content_steering = steering;
  AttributeList data;
  data.set("VALUE", AttributeValue::string_value("{$token}"));
  playlist.session_data.push_back(data);
  AttributeList i_frames;
  i_frames.set("URI", AttributeValue::string_value("{$cdn}/i.m3u8"));
  playlist.i_frame_variants.push_back(i_frames);

  ASSERT_TRUE(substitute_variables(playlist, "https://o/master.m3u8?token=t1").has_value());
  EXPECT_EQ(playlist.variants[0].uri, "https://cdn.example/360p.m3u8?t=t1");
  EXPECT_EQ(playlist.variants[0].attributes.get_string("AUDIO"), "aud-t1");
  EXPECT_EQ(playlist.media[0].get_string("URI"), "https://cdn.example/audio.m3u8");
  EXPECT_EQ(playlist.content_steering->get_string("SERVER-URI"), "https://cdn.example/steer");
  EXPECT_EQ(playlist.session_data[0].get_string("VALUE"), "t1");
  EXPECT_EQ(playlist.i_frame_variants[0].get_string("URI"), "https://cdn.example/i.m3u8");
}

TEST(VariablesTest, MasterPlaylistCannotImport) {
  MasterPlaylist playlist;
  playlist.defines.push_back(define("IMPORT", "x"));
  EXPECT_EQ(substitute_variables(playlist, "").error(), VariableError::kBadDefine);
}

TEST(VariablesTest, MasterVariablesFeedMediaImports) {
  const auto master = parse_master(
      "#EXTM3U\n#EXT-X-VERSION:11\n"
      "#EXT-X-DEFINE:NAME=\"cdn\",VALUE=\"https://cdn.example\"\n"
      "#EXT-X-DEFINE:QUERYPARAM=\"token\"\n"
      "#EXT-X-STREAM-INF:BANDWIDTH=1\n{$cdn}/360p.m3u8\n");
  ASSERT_TRUE(master.has_value());
  const auto variables = master_variables(*master, "https://o/v/master.m3u8?token=t%2F1");
  ASSERT_TRUE(variables.has_value());
  EXPECT_EQ(*variables, (Imports{{"cdn", "https://cdn.example"}, {"token", "t/1"}}));

  auto media = parse_media(
      "#EXTM3U\n#EXT-X-VERSION:11\n#EXT-X-TARGETDURATION:2\n"
      "#EXT-X-DEFINE:IMPORT=\"cdn\"\n#EXT-X-DEFINE:IMPORT=\"token\"\n"
      "#EXT-X-MAP:URI=\"{$cdn}/init.mp4?t={$token}\"\n"
      "#EXTINF:2.0,\n{$cdn}/seg_0.m4s?t={$token}\n#EXT-X-ENDLIST\n");
  ASSERT_TRUE(media.has_value());
  ASSERT_TRUE(substitute_variables(*media, *variables, "https://o/v/360p.m3u8").has_value());
  const std::string text = write(*media);
  EXPECT_NE(text.find("#EXT-X-MAP:URI=\"https://cdn.example/init.mp4?t=t/1\"\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("\nhttps://cdn.example/seg_0.m4s?t=t/1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("#EXT-X-DEFINE:IMPORT=\"cdn\"\n"), std::string::npos) << text;
}

TEST(VariablesTest, EveryErrorHasAMessage) {
  for (const VariableError error : {VariableError::kUndefined, VariableError::kTooLong,
                                    VariableError::kBadDefine, VariableError::kMissingImport,
                                    VariableError::kMissingQueryParam, VariableError::kBadValue}) {
    EXPECT_FALSE(to_string(error).empty());
    EXPECT_NE(to_string(error), "unknown variable error");
  }
}

}  // namespace
}  // namespace manifest
