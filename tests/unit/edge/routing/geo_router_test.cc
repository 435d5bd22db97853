// GeoRouter: master playlist decisions per policy, the steering rewrite, steering manifests.
#include "edge/routing/geo_router.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "manifest/parser.h"

namespace edge::routing {
namespace {

constexpr std::string_view kMaster =
    "#EXTM3U\n"
    "#EXT-X-INDEPENDENT-SEGMENTS\n"
    "#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=360x640,CODECS=\"avc1.64001e,mp4a.40.2\"\n"
    "360p/index.m3u8\n"
    "#EXT-X-STREAM-INF:BANDWIDTH=2800000,RESOLUTION=720x1280,CODECS=\"avc1.64001f,mp4a.40.2\"\n"
    "720p/index.m3u8\n";

PopTable fleet() {
  std::vector<Region> regions = {{"eu", {"DE"}, {"EU"}}, {"us", {"US"}, {"NA"}}};
  std::vector<Pop> pops = {{"eu", {"eu"}, "http://127.0.0.1:9001", ""},
                           {"us", {"us"}, "http://127.0.0.1:9002", ""},
                           {"us2", {"us"}, "http://127.0.0.2:9001", ""}};
  return PopTable(std::move(regions), std::move(pops), "eu");
}

core::http::Request request(std::string target, std::string peer = "198.51.100.7:4000") {
  core::http::Request r;
  r.method = "GET";
  r.target = std::move(target);
  r.peer = std::move(peer);
  return r;
}

// Places 198.51.100.0/24 in the US and everything else in Germany.
Place locate(const core::http::Request& r) {
  return r.peer.starts_with("198.51.100.") ? Place{"US", "NA"} : Place{"DE", "EU"};
}

struct RouterTest : ::testing::Test {
  GeoRouter make(MasterPolicy policy) {
    return GeoRouter(fleet(), RouterSettings{policy, 5, 1'000'000}, locate, registry);
  }
  core::metrics::Registry registry;
};

TEST_F(RouterTest, LocalPolicyServesEveryMasterAsItIs) {
  GeoRouter router = make(MasterPolicy::kLocal);
  proxy::MasterRoute route = router.route_master(request("/v/v1/master.m3u8"), "v1");
  EXPECT_TRUE(route.location.empty());
  EXPECT_FALSE(route.rewrite);
  EXPECT_EQ(router.metrics().masters(MasterDecision::kLocal), 1u);
}

TEST_F(RouterTest, RedirectSendsAViewerToItsPopOnce) {
  GeoRouter router = make(MasterPolicy::kRedirect);
  proxy::MasterRoute route = router.route_master(request("/v/v1/master.m3u8?x=1"), "v1");
  EXPECT_EQ(route.location, "http://127.0.0.1:9002/v/v1/master.m3u8?x=1&edge_redirect=eu");
  EXPECT_EQ(router.route_master(request("/v/v1/master.m3u8"), "v1").location,
            "http://127.0.0.1:9002/v/v1/master.m3u8?edge_redirect=eu");
  // A request redirected once is served where it lands.
  EXPECT_TRUE(
      router.route_master(request("/v/v1/master.m3u8?edge_redirect=us"), "v1").location.empty());
  // A local viewer stays.
  EXPECT_TRUE(
      router.route_master(request("/v/v1/master.m3u8", "10.0.0.1:5"), "v1").location.empty());
  EXPECT_EQ(router.metrics().masters(MasterDecision::kRedirect), 2u);
  EXPECT_EQ(router.metrics().masters(MasterDecision::kLocal), 2u);
}

TEST_F(RouterTest, RedirectSkipsPopsThatAreNotUp) {
  GeoRouter router = make(MasterPolicy::kRedirect);
  router.health().set(router.table().find("us"), PopState::kDown);
  EXPECT_EQ(router.route_master(request("/v/v1/master.m3u8"), "v1").location,
            "http://127.0.0.2:9001/v/v1/master.m3u8?edge_redirect=eu");
  router.health().set(router.table().find("us2"), PopState::kDraining);
  EXPECT_TRUE(router.route_master(request("/v/v1/master.m3u8"), "v1").location.empty());
}

TEST_F(RouterTest, SteerRewritesTheMasterWithOnePathwayPerPopBestFirst) {
  GeoRouter router = make(MasterPolicy::kSteer);
  proxy::MasterRoute route = router.route_master(request("/v/v1/master.m3u8"), "v1");
  ASSERT_TRUE(route.rewrite);
  EXPECT_TRUE(route.location.empty());
  std::optional<std::string> body = route.rewrite(kMaster);
  ASSERT_TRUE(body);
  auto playlist = manifest::parse_master(*body);
  ASSERT_TRUE(playlist) << *body;
  ASSERT_TRUE(playlist->content_steering);
  EXPECT_NE(body->find("SERVER-URI=\"/_edge/steer?video=v1\""), std::string::npos) << *body;
  EXPECT_NE(body->find("PATHWAY-ID=\"us\""), std::string::npos);
  ASSERT_EQ(playlist->variants.size(), 6u);
  // The viewer's best pathway first, as the default; each copy points at its PoP.
  EXPECT_EQ(playlist->variants[0].uri, "http://127.0.0.1:9002/v/v1/360p/index.m3u8");
  EXPECT_EQ(playlist->variants[2].uri, "http://127.0.0.2:9001/v/v1/360p/index.m3u8");
  EXPECT_EQ(playlist->variants[4].uri, "http://127.0.0.1:9001/v/v1/360p/index.m3u8");
}

TEST_F(RouterTest, SteerLeavesWhatItCannotReadAlone) {
  GeoRouter router = make(MasterPolicy::kSteer);
  proxy::MasterRoute route = router.route_master(request("/v/v1/master.m3u8"), "v1");
  EXPECT_FALSE(route.rewrite("not a playlist"));
  EXPECT_FALSE(route.rewrite("#EXTM3U\n#EXTINF:2,\nseg_0.m4s\n"));  // a media playlist
}

TEST_F(RouterTest, SteeringManifestRanksAndDropsPopsThatAreNotUp) {
  GeoRouter router = make(MasterPolicy::kSteer);
  auto json = router.steering_manifest(request("/_edge/steer?video=v1"));
  ASSERT_TRUE(json);
  auto doc = nlohmann::json::parse(*json);
  EXPECT_EQ(doc["VERSION"], 1);
  EXPECT_EQ(doc["TTL"], 5);
  EXPECT_EQ(doc["RELOAD-URI"], "/_edge/steer?video=v1");
  EXPECT_EQ(doc["PATHWAY-PRIORITY"], nlohmann::json({"us", "us2", "eu"}));
  // us2 differs from eu by host only: a player without it in its master can clone it.
  ASSERT_EQ(doc["PATHWAY-CLONES"].size(), 1u);
  EXPECT_EQ(doc["PATHWAY-CLONES"][0]["ID"], "us2");
  EXPECT_EQ(doc["PATHWAY-CLONES"][0]["BASE-ID"], "eu");
  EXPECT_EQ(doc["PATHWAY-CLONES"][0]["URI-REPLACEMENT"]["HOST"], "127.0.0.2");

  router.health().set(router.table().find("us"), PopState::kDraining);
  doc = nlohmann::json::parse(*router.steering_manifest(request("/_edge/steer?video=v1")));
  EXPECT_EQ(doc["PATHWAY-PRIORITY"], nlohmann::json({"us2", "eu"}));
  router.drain(true);
  router.health().set(router.table().find("us2"), PopState::kDown);
  // Nothing is up: the ranking is all steering can say.
  doc = nlohmann::json::parse(*router.steering_manifest(request("/_edge/steer?video=v1")));
  EXPECT_EQ(doc["PATHWAY-PRIORITY"].size(), 3u);
}

TEST_F(RouterTest, SteeringManifestHonoursThePlayersReport) {
  GeoRouter router = make(MasterPolicy::kSteer);
  auto doc = nlohmann::json::parse(
      *router.steering_manifest(request("/_edge/steer?video=v1&_HLS_pathway=us2")));
  EXPECT_EQ(doc["PATHWAY-PRIORITY"][0], "us2");  // stays on an equal
  doc = nlohmann::json::parse(*router.steering_manifest(
      request("/_edge/steer?video=v1&_HLS_pathway=us2&_HLS_throughput=200000")));
  EXPECT_EQ(doc["PATHWAY-PRIORITY"][0], "us");  // too slow: the equal is tried
  doc = nlohmann::json::parse(*router.steering_manifest(
      request("/_edge/steer?video=v1&_HLS_pathway=us2&_HLS_throughput=garbage")));
  EXPECT_EQ(doc["PATHWAY-PRIORITY"][0], "us2");  // an unreadable report is no report
}

TEST_F(RouterTest, SteeringManifestNeedsAVideoId) {
  GeoRouter router = make(MasterPolicy::kSteer);
  EXPECT_FALSE(router.steering_manifest(request("/_edge/steer")));
  EXPECT_FALSE(router.steering_manifest(request("/_edge/steer?video=")));
  EXPECT_FALSE(router.steering_manifest(request("/_edge/steer?video=a%22b")));
  EXPECT_FALSE(router.steering_manifest(request("/_edge/steer?video=" + std::string(200, 'a'))));
}

TEST(MasterPolicy, Parses) {
  EXPECT_EQ(parse_policy("steer"), MasterPolicy::kSteer);
  EXPECT_EQ(parse_policy("redirect"), MasterPolicy::kRedirect);
  EXPECT_EQ(parse_policy("local"), MasterPolicy::kLocal);
  EXPECT_FALSE(parse_policy("Steer"));
}

}  // namespace
}  // namespace edge::routing
