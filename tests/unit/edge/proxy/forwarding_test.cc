// Forwarding rules: hop-by-hop fields gone both ways, Via, X-Forwarded-For with and without a
// trusted proxy, X-Forwarded-Proto, and the HEAD length.
#include "edge/proxy/forwarding.h"

#include <gtest/gtest.h>

namespace edge::proxy {
namespace {

using core::http::Headers;

core::http::Request viewer_request() {
  core::http::Request r;
  r.method = "GET";
  r.target = "/v/abc/seg_1.m4s?CMCD=bl%3D100";
  r.authority = "edge.example";
  r.peer = "203.0.113.9:51000";
  r.headers.add("user-agent", "player/1");
  r.headers.add("accept", "*/*");
  return r;
}

TEST(Forwarding, HopByHopFieldsAreRemoved) {
  Headers h;
  h.add("Connection", "keep-alive, X-Secret , Upgrade");
  h.add("connection", "x-other");
  h.add("X-Secret", "1");
  h.add("X-Other", "2");
  h.add("Keep-Alive", "timeout=5");
  h.add("Proxy-Authorization", "Basic abc");
  h.add("Proxy-Connection", "keep-alive");
  h.add("TE", "trailers");
  h.add("Trailer", "X-Checksum");
  h.add("Transfer-Encoding", "chunked");
  h.add("Upgrade", "h2c");
  h.add("Cache-Control", "no-cache");
  h.add("ETag", "\"v1\"");
  remove_hop_by_hop(h);
  Headers expected;
  expected.add("cache-control", "no-cache");
  expected.add("etag", "\"v1\"");
  EXPECT_EQ(h, expected);
}

TEST(Forwarding, ViaAppendsThisHop) {
  Headers h;
  append_via(h, "1.1", "fra1");
  EXPECT_EQ(h.get("via"), "1.1 fra1");
  h.add("via", "2 other");
  append_via(h, "2", "ams2");
  EXPECT_EQ(h.get("via"), "1.1 fra1, 2 other, 2 ams2");
  EXPECT_EQ(h.size(), 1u);
}

TEST(Forwarding, UpstreamRequestFromAnUntrustedPeer) {
  core::http::Request viewer = viewer_request();
  viewer.headers.add("X-Forwarded-For", "1.2.3.4");  // forged: the peer is not trusted
  viewer.headers.add("X-Forwarded-Proto", "https");
  viewer.headers.add("Connection", "X-Forwarded-For");
  viewer.headers.add("Via", "1.1 forged");
  viewer.headers.add("If-None-Match", "\"v1\"");
  viewer.headers.add("Range", "bytes=0-99");
  viewer.headers.add("Expect", "100-continue");
  viewer.body = "ignored";
  const TrustedProxies none;
  const core::http::Request up = make_upstream_request(viewer, {"fra1", none});
  EXPECT_EQ(up.method, "GET");
  EXPECT_EQ(up.target, viewer.target);
  EXPECT_TRUE(up.body.empty());
  EXPECT_EQ(up.headers.get("x-forwarded-for"), "203.0.113.9");
  EXPECT_EQ(up.headers.get("x-forwarded-proto"), "http");
  EXPECT_EQ(up.headers.get("via"), "1.1 forged, 1.1 fra1");
  EXPECT_EQ(up.headers.get("if-none-match"), "\"v1\"");
  EXPECT_EQ(up.headers.get("range"), "bytes=0-99");
  EXPECT_EQ(up.headers.get("user-agent"), "player/1");
  EXPECT_FALSE(up.headers.contains("connection"));
  EXPECT_FALSE(up.headers.contains("expect"));
  EXPECT_FALSE(up.headers.contains("host"));
}

TEST(Forwarding, UpstreamRequestFromATrustedProxyKeepsItsChain) {
  core::http::Request viewer = viewer_request();
  viewer.peer = "10.1.2.3:4000";
  viewer.protocol = core::http::Protocol::kHttp2;
  viewer.tls = true;
  viewer.headers.add("X-Forwarded-For", "198.51.100.7, 10.9.9.9");
  viewer.headers.add("X-Forwarded-Proto", "http");
  const std::vector<std::string> blocks = {"10.0.0.0/8"};
  const auto trusted = TrustedProxies::parse(blocks);
  ASSERT_TRUE(trusted.has_value());
  const core::http::Request up = make_upstream_request(viewer, {"fra1", *trusted});
  EXPECT_EQ(up.headers.get("x-forwarded-for"), "198.51.100.7, 10.9.9.9, 10.1.2.3");
  EXPECT_EQ(up.headers.get("x-forwarded-proto"), "http");
  EXPECT_EQ(up.headers.get("via"), "2 fra1");
}

TEST(Forwarding, XForwardedProtoFollowsTheViewersConnection) {
  core::http::Request viewer = viewer_request();
  viewer.tls = true;
  const TrustedProxies none;
  EXPECT_EQ(make_upstream_request(viewer, {"p", none}).headers.get("x-forwarded-proto"), "https");
}

TEST(Forwarding, MultiRangeAndInvalidRangeAreStripped) {
  const TrustedProxies none;
  for (const char* range : {"bytes=0-1,5-9", "bytes=5-1", "items=0-1", "bytes=abc"}) {
    core::http::Request viewer = viewer_request();
    viewer.headers.add("Range", range);
    viewer.headers.add("If-Range", "\"v1\"");
    const core::http::Request up = make_upstream_request(viewer, {"p", none});
    EXPECT_FALSE(up.headers.contains("range")) << range;
    EXPECT_FALSE(up.headers.contains("if-range")) << range;
  }
  core::http::Request viewer = viewer_request();
  viewer.headers.add("Range", "bytes=-500");
  viewer.headers.add("If-Range", "\"v1\"");
  const core::http::Request up = make_upstream_request(viewer, {"p", none});
  EXPECT_EQ(up.headers.get("range"), "bytes=-500");
  EXPECT_EQ(up.headers.get("if-range"), "\"v1\"");
}

TEST(Forwarding, DownstreamHead) {
  core::http::ResponseHead origin;
  origin.status = 200;
  origin.content_length = 42;
  origin.headers.add("Connection", "close, X-Internal");
  origin.headers.add("X-Internal", "secret");
  origin.headers.add("Keep-Alive", "timeout=5");
  origin.headers.add("Content-Type", "video/mp4");
  origin.headers.add("Via", "1.1 origin");
  const auto out = make_downstream_head(origin, "GET", "fra1");
  EXPECT_EQ(out.status, 200);
  EXPECT_EQ(out.content_length, 42u);
  EXPECT_FALSE(out.headers.contains("x-internal"));
  EXPECT_FALSE(out.headers.contains("connection"));
  EXPECT_FALSE(out.headers.contains("keep-alive"));
  EXPECT_EQ(out.headers.get("content-type"), "video/mp4");
  EXPECT_EQ(out.headers.get("via"), "1.1 origin, 1.1 fra1");
}

TEST(Forwarding, HeadResponseAnnouncesTheOriginsLength) {
  core::http::ResponseHead origin;
  origin.headers.add("content-length", "1234");
  const auto out = make_downstream_head(origin, "HEAD", "p");
  EXPECT_EQ(out.content_length, 1234u);
  EXPECT_FALSE(out.headers.contains("content-length"));
  core::http::ResponseHead bad;
  bad.headers.add("content-length", "12x");
  EXPECT_FALSE(make_downstream_head(bad, "HEAD", "p").content_length.has_value());
}

TEST(TrustedProxies, AddressesAndBlocks) {
  const std::vector<std::string> entries = {"192.168.1.7", "10.0.0.0/8", "fd00::/8",
                                            "172.16.0.0/12"};
  const auto trusted = TrustedProxies::parse(entries);
  ASSERT_TRUE(trusted.has_value());
  EXPECT_TRUE(trusted->contains("192.168.1.7"));
  EXPECT_FALSE(trusted->contains("192.168.1.8"));
  EXPECT_TRUE(trusted->contains("10.255.0.1"));
  EXPECT_TRUE(trusted->contains("::ffff:10.1.1.1"));
  EXPECT_TRUE(trusted->contains("fd12::1"));
  EXPECT_FALSE(trusted->contains("fe80::1"));
  EXPECT_TRUE(trusted->contains("172.31.255.255"));
  EXPECT_FALSE(trusted->contains("172.32.0.0"));
  EXPECT_FALSE(trusted->contains("not an ip"));
  for (const char* bad : {"10.0.0.0/33", "fd00::/129", "host.example", "10.0.0.0/", "1.2.3.4/x"}) {
    const std::vector<std::string> one = {bad};
    EXPECT_FALSE(TrustedProxies::parse(one).has_value()) << bad;
  }
}

TEST(TrustedProxies, PeerIp) {
  EXPECT_EQ(peer_ip("1.2.3.4:80"), "1.2.3.4");
  EXPECT_EQ(peer_ip("[::1]:8080"), "::1");
  EXPECT_EQ(peer_ip("1.2.3.4"), "1.2.3.4");
  EXPECT_EQ(peer_ip("::1"), "::1");
}

}  // namespace
}  // namespace edge::proxy
