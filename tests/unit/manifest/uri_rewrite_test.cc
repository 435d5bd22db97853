// rewrite_uris must reach every URI of both kinds of playlist and keep attribute order;
// make_absolute, make_relative and rehost are checked through it.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "manifest/rewrite.h"

namespace manifest {
namespace {

AttributeList uri_list(std::string_view uri) {
  AttributeList list;
  list.set("URI", AttributeValue::string_value(std::string(uri)));
  return list;
}

// A media playlist with one URI in every place a media playlist can hold one.
MediaPlaylist full_media_playlist() {
  MediaPlaylist playlist;
  playlist.media_sequence = 7;
  MediaSegment first;
  first.duration = 2;
  first.uri = "seg_0.m4s";
  AttributeList key;
  key.set("METHOD", AttributeValue::enum_value("AES-128"));
  key.set("URI", AttributeValue::string_value("key.bin"));
  key.set("IV", AttributeValue::hex_value("0x00000000000000000000000000000001"));
  first.details.ensure().keys.push_back(key);
  AttributeList map = uri_list("init.mp4");
  map.set("BYTERANGE", AttributeValue::string_value("720@0"));
  first.map = map;
  AttributeList part;
  part.set("DURATION", AttributeValue::float_value(1.0));
  part.set("URI", AttributeValue::string_value("seg_0.part0.m4s"));
  first.details.ensure().parts.push_back(part);
  AttributeList interstitial;
  interstitial.set("ID", AttributeValue::string_value("ad1"));
  interstitial.set("CLASS", AttributeValue::string_value("com.apple.hls.interstitial"));
  interstitial.set("X-ASSET-URI", AttributeValue::string_value("ad/index.m3u8"));
  first.details.ensure().date_ranges.push_back(interstitial);
  playlist.segments.push_back(first);

  MediaSegment second;
  second.duration = 2;
  second.uri = "seg_1.m4s";
  playlist.segments.push_back(second);

  MediaSegment open;
  open.details.ensure().parts.push_back(uri_list("seg_2.part0.m4s"));
  playlist.open_segment = open;
  AttributeList hint;
  hint.set("TYPE", AttributeValue::enum_value("PART"));
  hint.set("URI", AttributeValue::string_value("seg_2.part1.m4s"));
  playlist.preload_hints.push_back(hint);
  AttributeList report = uri_list("../720p/index.m3u8");
  report.set("LAST-MSN", AttributeValue::integer_value(8));
  playlist.rendition_reports.push_back(report);
  return playlist;
}

MasterPlaylist full_master_playlist() {
  MasterPlaylist playlist;
  AttributeList data;
  data.set("DATA-ID", AttributeValue::string_value("com.example.title"));
  data.set("URI", AttributeValue::string_value("title.json"));
  playlist.session_data.push_back(data);
  AttributeList key;
  key.set("METHOD", AttributeValue::enum_value("SAMPLE-AES"));
  key.set("URI", AttributeValue::string_value("skd://key"));
  playlist.session_keys.push_back(key);
  AttributeList steering;
  steering.set("SERVER-URI", AttributeValue::string_value("steer.json"));
  playlist.content_steering = steering;
  AttributeList audio;
  audio.set("TYPE", AttributeValue::enum_value("AUDIO"));
  audio.set("GROUP-ID", AttributeValue::string_value("aud"));
  audio.set("NAME", AttributeValue::string_value("English"));
  audio.set("URI", AttributeValue::string_value("audio/index.m3u8"));
  playlist.media.push_back(audio);
  Variant variant;
  variant.attributes.set("BANDWIDTH", AttributeValue::integer_value(800000));
  variant.uri = "360p/index.m3u8";
  playlist.variants.push_back(variant);
  AttributeList i_frames;
  i_frames.set("BANDWIDTH", AttributeValue::integer_value(90000));
  i_frames.set("URI", AttributeValue::string_value("360p/iframes.m3u8"));
  playlist.i_frame_variants.push_back(i_frames);
  return playlist;
}

std::vector<std::string> names(const AttributeList& list) {
  std::vector<std::string> out;
  for (const Attribute& attribute : list.items())
    out.push_back(attribute.name);
  return out;
}

TEST(UriRewriteTest, VisitsEveryMediaPlaylistUri) {
  MediaPlaylist playlist = full_media_playlist();
  std::multiset<std::string> seen;
  rewrite_uris(playlist, [&seen](std::string_view uri) {
    seen.emplace(uri);
    return "X/" + std::string(uri);
  });
  const std::multiset<std::string> expected = {
      "seg_0.m4s", "key.bin",         "init.mp4",        "seg_0.part0.m4s",   "ad/index.m3u8",
      "seg_1.m4s", "seg_2.part0.m4s", "seg_2.part1.m4s", "../720p/index.m3u8"};
  EXPECT_EQ(seen, expected);

  const MediaSegment& first = playlist.segments[0];
  EXPECT_EQ(first.uri, "X/seg_0.m4s");
  EXPECT_EQ(first.details->keys[0].get_string("URI"), "X/key.bin");
  EXPECT_EQ(first.map->get_string("URI"), "X/init.mp4");
  EXPECT_EQ(first.map->get_string("BYTERANGE"), "720@0");
  EXPECT_EQ(first.details->parts[0].get_string("URI"), "X/seg_0.part0.m4s");
  EXPECT_EQ(first.details->date_ranges[0].get_string("X-ASSET-URI"), "X/ad/index.m3u8");
  EXPECT_EQ(playlist.segments[1].uri, "X/seg_1.m4s");
  EXPECT_EQ(playlist.open_segment->details->parts[0].get_string("URI"), "X/seg_2.part0.m4s");
  EXPECT_TRUE(playlist.open_segment->uri.empty());
  EXPECT_EQ(playlist.preload_hints[0].get_string("URI"), "X/seg_2.part1.m4s");
  EXPECT_EQ(playlist.rendition_reports[0].get_string("URI"), "X/../720p/index.m3u8");
}

TEST(UriRewriteTest, KeepsAttributeOrderAndTypes) {
  MediaPlaylist playlist = full_media_playlist();
  rewrite_uris(playlist, [](std::string_view uri) { return "https://cdn/" + std::string(uri); });
  const AttributeList& key = playlist.segments[0].details->keys[0];
  EXPECT_EQ(names(key), (std::vector<std::string>{"METHOD", "URI", "IV"}));
  EXPECT_EQ(key.find("URI")->type, AttributeType::kQuotedString);
  EXPECT_EQ(key.get_enum("METHOD"), "AES-128");
  EXPECT_EQ(names(playlist.segments[0].details->parts[0]),
            (std::vector<std::string>{"DURATION", "URI"}));
  EXPECT_EQ(names(playlist.preload_hints[0]), (std::vector<std::string>{"TYPE", "URI"}));
}

TEST(UriRewriteTest, LeavesTagsWithoutUriAlone) {
  MediaPlaylist playlist;
  MediaSegment segment;
  segment.uri = "a.ts";
  AttributeList none;
  none.set("METHOD", AttributeValue::enum_value("NONE"));
  segment.details.ensure().keys.push_back(none);
  playlist.segments.push_back(segment);
  int calls = 0;
  rewrite_uris(playlist, [&calls](std::string_view uri) {
    ++calls;
    return std::string(uri);
  });
  EXPECT_EQ(calls, 1);
  EXPECT_FALSE(playlist.segments[0].details->keys[0].contains("URI"));
}

TEST(UriRewriteTest, VisitsEveryMasterPlaylistUri) {
  MasterPlaylist playlist = full_master_playlist();
  std::multiset<std::string> seen;
  rewrite_uris(playlist, [&seen](std::string_view uri) {
    seen.emplace(uri);
    return "X/" + std::string(uri);
  });
  const std::multiset<std::string> expected = {"title.json",      "skd://key",
                                               "steer.json",      "audio/index.m3u8",
                                               "360p/index.m3u8", "360p/iframes.m3u8"};
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(playlist.session_data[0].get_string("URI"), "X/title.json");
  EXPECT_EQ(playlist.session_keys[0].get_string("URI"), "X/skd://key");
  EXPECT_EQ(playlist.content_steering->get_string("SERVER-URI"), "X/steer.json");
  EXPECT_EQ(playlist.media[0].get_string("URI"), "X/audio/index.m3u8");
  EXPECT_EQ(names(playlist.media[0]),
            (std::vector<std::string>{"TYPE", "GROUP-ID", "NAME", "URI"}));
  EXPECT_EQ(playlist.variants[0].uri, "X/360p/index.m3u8");
  EXPECT_EQ(playlist.i_frame_variants[0].get_string("URI"), "X/360p/iframes.m3u8");
}

TEST(UriRewriteTest, MakeAbsoluteResolvesAgainstThePlaylistUrl) {
  MediaPlaylist playlist = full_media_playlist();
  make_absolute(playlist, "https://origin.example:8443/v/v42/360p/index.m3u8?token=t");
  const MediaSegment& first = playlist.segments[0];
  EXPECT_EQ(first.uri, "https://origin.example:8443/v/v42/360p/seg_0.m4s");
  EXPECT_EQ(first.map->get_string("URI"), "https://origin.example:8443/v/v42/360p/init.mp4");
  EXPECT_EQ(playlist.rendition_reports[0].get_string("URI"),
            "https://origin.example:8443/v/v42/720p/index.m3u8");

  MasterPlaylist master = full_master_playlist();
  make_absolute(master, "https://origin.example/v/v42/master.m3u8");
  EXPECT_EQ(master.variants[0].uri, "https://origin.example/v/v42/360p/index.m3u8");
  EXPECT_EQ(master.session_keys[0].get_string("URI"), "skd://key");
  EXPECT_EQ(master.content_steering->get_string("SERVER-URI"),
            "https://origin.example/v/v42/steer.json");
}

TEST(UriRewriteTest, MakeRelativeOnlyTouchesTheSameOrigin) {
  MasterPlaylist master = full_master_playlist();
  master.variants[0].uri = "https://edge.example:8443/v/v42/360p/index.m3u8?sig=1";
  master.media[0].set("URI", AttributeValue::string_value("https://other.example/a.m3u8"));
  master.i_frame_variants[0].set(
      "URI", AttributeValue::string_value("https://edge.example/v/v42/iframes.m3u8"));
  make_relative(master, "https://edge.example:8443/v/v42/master.m3u8");
  EXPECT_EQ(master.variants[0].uri, "360p/index.m3u8?sig=1");
  EXPECT_EQ(master.media[0].get_string("URI"), "https://other.example/a.m3u8");
  // Port 443 is implied but not written: a different authority as far as text goes.
  EXPECT_EQ(master.i_frame_variants[0].get_string("URI"),
            "https://edge.example/v/v42/iframes.m3u8");
  EXPECT_EQ(master.session_data[0].get_string("URI"), "title.json");
  EXPECT_EQ(master.session_keys[0].get_string("URI"), "skd://key");
}

TEST(UriRewriteTest, MakeRelativeUndoesMakeAbsolute) {
  const char* url = "http://origin:8080/v/v42/360p/index.m3u8";
  MediaPlaylist playlist = full_media_playlist();
  const MediaPlaylist original = playlist;
  make_absolute(playlist, url);
  EXPECT_NE(playlist, original);
  make_relative(playlist, url);
  EXPECT_EQ(playlist, original);
}

TEST(UriRewriteTest, RehostMovesOneAuthority) {
  MediaPlaylist playlist;
  for (const char* uri :
       {"http://origin:8080/v/1/seg_0.ts?a=1#f", "http://ORIGIN:8080/v/1/seg_1.ts",
        "http://origin/v/1/seg_2.ts", "http://origin:8080", "//origin:8080/v/1/seg_3.ts",
        "seg_4.ts", "https://other:8080/seg_5.ts"}) {
    MediaSegment segment;
    segment.uri = uri;
    playlist.segments.push_back(segment);
  }
  AttributeList map = uri_list("http://origin:8080/v/1/init.mp4");
  playlist.segments[0].map = map;
  rehost(playlist, "origin:8080", "https://edge.example:8443/");
  std::vector<std::string> uris;
  for (const MediaSegment& segment : playlist.segments)
    uris.emplace_back(segment.uri);
  EXPECT_EQ(uris, (std::vector<std::string>{
                      "https://edge.example:8443/v/1/seg_0.ts?a=1#f",
                      "https://edge.example:8443/v/1/seg_1.ts", "http://origin/v/1/seg_2.ts",
                      "https://edge.example:8443/", "https://edge.example:8443/v/1/seg_3.ts",
                      "seg_4.ts", "https://other:8080/seg_5.ts"}));
  EXPECT_EQ(playlist.segments[0].map->get_string("URI"), "https://edge.example:8443/v/1/init.mp4");
}

TEST(UriRewriteTest, RehostMasterPlaylist) {
  MasterPlaylist master = full_master_playlist();
  make_absolute(master, "http://origin:8080/v/v42/master.m3u8");
  rehost(master, "origin:8080", "http://edge");
  EXPECT_EQ(master.variants[0].uri, "http://edge/v/v42/360p/index.m3u8");
  EXPECT_EQ(master.media[0].get_string("URI"), "http://edge/v/v42/audio/index.m3u8");
  EXPECT_EQ(master.session_keys[0].get_string("URI"), "skd://key");
}

}  // namespace
}  // namespace manifest
