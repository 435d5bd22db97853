// add_content_steering: the steering tag, one copy of the ladder and of its rendition groups
// per pathway, stable IDs shared across pathways, URIs on each pathway's host.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "manifest/parser.h"
#include "manifest/rewrite.h"
#include "manifest/validator.h"
#include "manifest/writer.h"

namespace manifest {
namespace {

const std::vector<Pathway> kPathways = {{"fra", "https://fra.edge.example/v/v42/master.m3u8"},
                                        {"ams", "https://ams.edge.example:8443/v/v42/"}};

AttributeList rendition(std::string type, std::string group, std::string name,
                        std::string uri = "") {
  AttributeList out;
  out.set("TYPE", AttributeValue::enum_value(std::move(type)));
  out.set("GROUP-ID", AttributeValue::string_value(std::move(group)));
  out.set("NAME", AttributeValue::string_value(std::move(name)));
  if (!uri.empty()) out.set("URI", AttributeValue::string_value(std::move(uri)));
  return out;
}

Variant variant(std::string uri, uint64_t bandwidth) {
  Variant out;
  out.attributes.set("BANDWIDTH", AttributeValue::integer_value(bandwidth));
  out.attributes.set("AUDIO", AttributeValue::string_value("aud"));
  out.attributes.set("CLOSED-CAPTIONS", AttributeValue::enum_value("NONE"));
  out.uri = std::move(uri);
  return out;
}

MasterPlaylist ladder() {
  MasterPlaylist playlist;
  playlist.media.push_back(rendition("AUDIO", "aud", "English", "audio/en.m3u8"));
  playlist.media.push_back(rendition("AUDIO", "aud", "Deutsch", "audio/de.m3u8"));
  playlist.variants.push_back(variant("360p/index.m3u8", 800000));
  playlist.variants.push_back(variant("720p/index.m3u8", 3000000));
  playlist.variants[0].extra_lines.push_back("# lowest rung");
  AttributeList i_frames;
  i_frames.set("BANDWIDTH", AttributeValue::integer_value(90000));
  i_frames.set("URI", AttributeValue::string_value("720p/iframes.m3u8"));
  playlist.i_frame_variants.push_back(i_frames);
  return playlist;
}

std::string text(const AttributeList& list, const char* name) {
  return std::string(list.get_string(name).value_or("<absent>"));
}

TEST(ContentSteeringTest, AddsTheSteeringTag) {
  MasterPlaylist playlist = ladder();
  add_content_steering(playlist, "https://steer.example/steer?video=v42", kPathways);
  ASSERT_TRUE(playlist.content_steering);
  EXPECT_EQ(text(*playlist.content_steering, "SERVER-URI"),
            "https://steer.example/steer?video=v42");
  EXPECT_EQ(text(*playlist.content_steering, "PATHWAY-ID"), "fra");
}

TEST(ContentSteeringTest, OneCopyOfEachVariantPerPathway) {
  MasterPlaylist playlist = ladder();
  add_content_steering(playlist, "/steer", kPathways);
  ASSERT_EQ(playlist.variants.size(), 4u);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"fra", "https://fra.edge.example/v/v42/360p/index.m3u8"},
      {"fra", "https://fra.edge.example/v/v42/720p/index.m3u8"},
      {"ams", "https://ams.edge.example:8443/v/v42/360p/index.m3u8"},
      {"ams", "https://ams.edge.example:8443/v/v42/720p/index.m3u8"}};
  for (size_t i = 0; i < expected.size(); ++i) {
    const Variant& copy = playlist.variants[i];
    EXPECT_EQ(text(copy.attributes, "PATHWAY-ID"), expected[i].first);
    EXPECT_EQ(copy.uri, expected[i].second);
    EXPECT_EQ(text(copy.attributes, "STABLE-VARIANT-ID"), i % 2 == 0 ? "v0" : "v1");
    EXPECT_EQ(text(copy.attributes, "AUDIO"), "aud@" + expected[i].first);
    EXPECT_EQ(copy.attributes.get_enum("CLOSED-CAPTIONS"), "NONE");
    EXPECT_EQ(copy.attributes.items()[0].name, "BANDWIDTH");
  }
  // Comments before a variant are written once, not once per pathway.
  EXPECT_EQ(playlist.variants[0].extra_lines, std::vector<std::string>{"# lowest rung"});
  EXPECT_TRUE(playlist.variants[2].extra_lines.empty());
}

TEST(ContentSteeringTest, RenditionGroupsAreClonedPerPathway) {
  MasterPlaylist playlist = ladder();
  add_content_steering(playlist, "/steer", kPathways);
  ASSERT_EQ(playlist.media.size(), 4u);
  const std::vector<std::vector<std::string>> expected = {
      {"aud@fra", "r0", "https://fra.edge.example/v/v42/audio/en.m3u8"},
      {"aud@fra", "r1", "https://fra.edge.example/v/v42/audio/de.m3u8"},
      {"aud@ams", "r0", "https://ams.edge.example:8443/v/v42/audio/en.m3u8"},
      {"aud@ams", "r1", "https://ams.edge.example:8443/v/v42/audio/de.m3u8"}};
  for (size_t i = 0; i < expected.size(); ++i) {
    const AttributeList& media = playlist.media[i];
    EXPECT_EQ(text(media, "GROUP-ID"), expected[i][0]);
    EXPECT_EQ(text(media, "STABLE-RENDITION-ID"), expected[i][1]);
    EXPECT_EQ(text(media, "URI"), expected[i][2]);
    EXPECT_EQ(media.get_enum("TYPE"), "AUDIO");
  }
}

TEST(ContentSteeringTest, EveryVariantRefersToAGroupOfItsOwnPathway) {
  MasterPlaylist playlist = ladder();
  playlist.media.push_back(rendition("SUBTITLES", "subs", "English", "subs/en.m3u8"));
  playlist.variants[1].attributes.set("SUBTITLES", AttributeValue::string_value("subs"));
  add_content_steering(playlist, "/steer", kPathways);
  std::set<std::string> groups;
  for (const AttributeList& media : playlist.media)
    groups.insert(text(media, "GROUP-ID"));
  for (const Variant& copy : playlist.variants) {
    const std::string suffix = "@" + text(copy.attributes, "PATHWAY-ID");
    for (const char* attribute : {"AUDIO", "SUBTITLES"}) {
      if (!copy.attributes.contains(attribute)) continue;
      const std::string group = text(copy.attributes, attribute);
      EXPECT_TRUE(group.ends_with(suffix)) << group;
      EXPECT_TRUE(groups.contains(group)) << group;
    }
  }
}

TEST(ContentSteeringTest, IFrameVariantsAreCopiedToo) {
  MasterPlaylist playlist = ladder();
  add_content_steering(playlist, "/steer", kPathways);
  ASSERT_EQ(playlist.i_frame_variants.size(), 2u);
  EXPECT_EQ(text(playlist.i_frame_variants[0], "PATHWAY-ID"), "fra");
  EXPECT_EQ(text(playlist.i_frame_variants[1], "PATHWAY-ID"), "ams");
  EXPECT_EQ(text(playlist.i_frame_variants[0], "STABLE-VARIANT-ID"), "i0");
  EXPECT_EQ(text(playlist.i_frame_variants[1], "STABLE-VARIANT-ID"), "i0");
  EXPECT_EQ(text(playlist.i_frame_variants[1], "URI"),
            "https://ams.edge.example:8443/v/v42/720p/iframes.m3u8");
}

TEST(ContentSteeringTest, AuthorStableIdsAreKeptAndNeverReused) {
  MasterPlaylist playlist = ladder();
  playlist.variants[1].attributes.set("STABLE-VARIANT-ID", AttributeValue::string_value("v0"));
  playlist.media[0].set("STABLE-RENDITION-ID", AttributeValue::string_value("en"));
  add_content_steering(playlist, "/steer", kPathways);
  EXPECT_EQ(text(playlist.variants[0].attributes, "STABLE-VARIANT-ID"), "v0.1");
  EXPECT_EQ(text(playlist.variants[1].attributes, "STABLE-VARIANT-ID"), "v0");
  EXPECT_EQ(text(playlist.variants[2].attributes, "STABLE-VARIANT-ID"), "v0.1");
  EXPECT_EQ(text(playlist.media[0], "STABLE-RENDITION-ID"), "en");
  EXPECT_EQ(text(playlist.media[1], "STABLE-RENDITION-ID"), "r1");
}

TEST(ContentSteeringTest, AbsoluteUrisStayWhereTheyPoint) {
  MasterPlaylist playlist = ladder();
  playlist.variants[0].uri = "https://other.example/360p.m3u8";
  add_content_steering(playlist, "/steer", kPathways);
  EXPECT_EQ(playlist.variants[0].uri, "https://other.example/360p.m3u8");
  EXPECT_EQ(playlist.variants[2].uri, "https://other.example/360p.m3u8");
}

TEST(ContentSteeringTest, SinglePathway) {
  MasterPlaylist playlist = ladder();
  add_content_steering(playlist, "/steer", {{"only", "http://edge/v/v42/master.m3u8"}});
  EXPECT_EQ(playlist.variants.size(), 2u);
  EXPECT_EQ(playlist.media.size(), 2u);
  EXPECT_EQ(text(playlist.variants[1].attributes, "PATHWAY-ID"), "only");
  EXPECT_EQ(playlist.variants[1].uri, "http://edge/v/v42/720p/index.m3u8");
}

TEST(ContentSteeringTest, NoPathwaysOnlyAddsTheTag) {
  MasterPlaylist playlist = ladder();
  MasterPlaylist expected = ladder();
  add_content_steering(playlist, "/steer", {});
  ASSERT_TRUE(playlist.content_steering);
  EXPECT_FALSE(playlist.content_steering->contains("PATHWAY-ID"));
  playlist.content_steering.reset();
  EXPECT_EQ(playlist, expected);
}

TEST(ContentSteeringTest, ReplacesAnEarlierSteeringTag) {
  MasterPlaylist playlist = ladder();
  AttributeList old;
  old.set("SERVER-URI", AttributeValue::string_value("old"));
  old.set("PATHWAY-ID", AttributeValue::string_value("gone"));
  playlist.content_steering = old;
  add_content_steering(playlist, "new", kPathways);
  EXPECT_EQ(text(*playlist.content_steering, "SERVER-URI"), "new");
  EXPECT_EQ(text(*playlist.content_steering, "PATHWAY-ID"), "fra");
}

// The rewritten playlist must be one the validator accepts: groups that exist, steering
// attributes consistent with the variants' pathways.
TEST(ContentSteeringTest, ResultIsAValidPlaylist) {
  auto playlist = parse_master(
      "#EXTM3U\n#EXT-X-VERSION:7\n"
      "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aud\",NAME=\"English\",DEFAULT=YES,"
      "AUTOSELECT=YES,LANGUAGE=\"en\",URI=\"audio/en.m3u8\"\n"
      "#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,CODECS=\"avc1.4d401e,mp4a.40.2\","
      "AUDIO=\"aud\"\n360p/index.m3u8\n"
      "#EXT-X-STREAM-INF:BANDWIDTH=3000000,RESOLUTION=1280x720,CODECS=\"avc1.64001f,mp4a.40.2\","
      "AUDIO=\"aud\"\n720p/index.m3u8\n");
  ASSERT_TRUE(playlist.has_value()) << playlist.error().message;
  ASSERT_TRUE(validate(write(*playlist)).empty());
  add_content_steering(*playlist, "https://steer.example/steer?video=v42", kPathways);
  playlist->version = required_version(*playlist);
  const std::string text = write(*playlist);
  for (const Diagnostic& diagnostic : validate(text)) {
    ADD_FAILURE() << diagnostic.line << ": " << rule_info(diagnostic.rule).id << ": "
                  << diagnostic.message << "\n"
                  << text;
  }
  const auto reparsed = parse_master(text);
  ASSERT_TRUE(reparsed.has_value());
  EXPECT_EQ(*reparsed, *playlist);
}
}  // namespace
}  // namespace manifest
