// viewer_address: whose address a request's geo lookup uses, behind trusted proxies or not.
#include "edge/geo/viewer_address.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "edge/geo/forwarded_chain.h"

namespace edge::geo {
namespace {

proxy::TrustedProxies trusted_proxies() {
  const std::vector<std::string> entries = {"10.0.0.0/8", "fd00::/8", "192.0.2.100"};
  return *proxy::TrustedProxies::parse(entries);
}

std::string viewer(std::string_view peer,
                   const std::vector<std::pair<std::string, std::string>>& fields) {
  core::http::Headers headers;
  for (const auto& [name, value] : fields)
    headers.add(name, value);
  return viewer_address(peer, headers, trusted_proxies());
}

TEST(ViewerAddress, AnUntrustedPeerIsTheViewerWhateverItClaims) {
  EXPECT_EQ(viewer("203.0.113.9:5000", {}), "203.0.113.9");
  EXPECT_EQ(viewer("203.0.113.9:5000", {{"X-Forwarded-For", "198.51.100.1"}}), "203.0.113.9");
  EXPECT_EQ(viewer("[2001:db8::7]:443", {{"Forwarded", "for=198.51.100.1"}}), "2001:db8::7");
}

TEST(ViewerAddress, ATrustedPeerWithoutForwardingFieldsIsTheViewer) {
  EXPECT_EQ(viewer("10.1.2.3:5000", {}), "10.1.2.3");
  EXPECT_EQ(viewer("10.1.2.3:5000", {{"X-Forwarded-For", " , ,"}}), "10.1.2.3");
}

TEST(ViewerAddress, WalksXForwardedForFromTheRightPastTrustedHops) {
  EXPECT_EQ(viewer("10.0.0.1:80", {{"X-Forwarded-For", "198.51.100.1"}}), "198.51.100.1");
  // The client prepended a lie; the first untrusted hop from the right is what the proxy saw.
  EXPECT_EQ(viewer("10.0.0.1:80", {{"X-Forwarded-For", "8.8.8.8, 198.51.100.1, 10.9.9.9"}}),
            "198.51.100.1");
  EXPECT_EQ(viewer("10.0.0.1:80",
                   {{"X-Forwarded-For", "8.8.8.8"}, {"X-Forwarded-For", "198.51.100.1, fd00::5"}}),
            "198.51.100.1");
  EXPECT_EQ(viewer("10.0.0.1:80", {{"X-Forwarded-For", "2001:db8::42"}}), "2001:db8::42");
  EXPECT_EQ(viewer("10.0.0.1:80", {{"X-Forwarded-For", "198.51.100.1:4711"}}), "198.51.100.1");
  EXPECT_EQ(viewer("10.0.0.1:80", {{"X-Forwarded-For", "[2001:db8::42]:4711"}}), "2001:db8::42");
}

TEST(ViewerAddress, AChainOfTrustedHopsOnlyEndsAtItsLeftmost) {
  EXPECT_EQ(viewer("10.0.0.1:80", {{"X-Forwarded-For", "10.0.0.7, 192.0.2.100"}}), "10.0.0.7");
}

TEST(ViewerAddress, AnIpv6PeerAndIpv4MappedPeerCanBeTrusted) {
  EXPECT_EQ(viewer("[fd00::1]:443", {{"X-Forwarded-For", "198.51.100.1"}}), "198.51.100.1");
  EXPECT_EQ(viewer("[::ffff:10.0.0.1]:443", {{"X-Forwarded-For", "198.51.100.1"}}), "198.51.100.1");
}

TEST(ViewerAddress, ReadsForwarded) {
  EXPECT_EQ(viewer("10.0.0.1:80", {{"Forwarded", "for=192.0.2.60;proto=http;by=203.0.113.43"}}),
            "192.0.2.60");
  EXPECT_EQ(viewer("10.0.0.1:80", {{"Forwarded", R"(for="[2001:db8:cafe::17]:4711")"}}),
            "2001:db8:cafe::17");
  EXPECT_EQ(viewer("10.0.0.1:80", {{"Forwarded", R"(For="[2001:db8::1]")"}}), "2001:db8::1");
  EXPECT_EQ(viewer("10.0.0.1:80", {{"Forwarded", R"(for="198.51.100.3:_abc")"}}), "198.51.100.3");
  EXPECT_EQ(
      viewer("10.0.0.1:80", {{"Forwarded", R"(for=198.51.100.1, for="[2001:db8::2]";proto=https, )"
                                           R"(for=10.0.0.9)"}}),
      "2001:db8::2");
}

TEST(ViewerAddress, ForwardedWinsOverXForwardedFor) {
  EXPECT_EQ(viewer("10.0.0.1:80",
                   {{"X-Forwarded-For", "198.51.100.1"}, {"Forwarded", "for=198.51.100.2"}}),
            "198.51.100.2");
}

TEST(ViewerAddress, UnknownAndObfuscatedNodesLeaveThePeer) {
  EXPECT_EQ(viewer("10.0.0.1:80", {{"Forwarded", "for=unknown"}}), "10.0.0.1");
  EXPECT_EQ(viewer("10.0.0.1:80", {{"Forwarded", "for=_hidden, for=10.0.0.3"}}), "10.0.0.1");
  EXPECT_EQ(viewer("10.0.0.1:80", {{"Forwarded", "proto=https"}}), "10.0.0.1");
  EXPECT_EQ(viewer("10.0.0.1:80", {{"X-Forwarded-For", "unknown"}}), "10.0.0.1");
  // Beyond the first untrusted hop nothing is read, so garbage there does not matter.
  EXPECT_EQ(viewer("10.0.0.1:80", {{"X-Forwarded-For", "garbage, 198.51.100.1"}}), "198.51.100.1");
}

TEST(ViewerAddress, GarbageLeavesThePeer) {
  const std::vector<std::string> garbage = {
      "for=",          "for",          R"(for="198.51.100.1)",   "for=198.51.100.1;;",
      "=198.51.100.1", "for=1;for=2",  "for=198.51.100.1 x",     R"(for="[2001:db8::1")",
      "for=[::1]x",    "for=\"\\\"\"", std::string("for=\0", 5), "for=198.51.100.1:99999999"};
  for (const std::string& value : garbage) {
    EXPECT_EQ(viewer("10.0.0.1:80", {{"Forwarded", value}}), "10.0.0.1") << value;
  }
  for (const std::string value :
       {"300.1.1.1", "1.2.3", "2001:db8::1%eth0", "fe80::1:80:80:80:80:80:80", "[2001:db8::1",
        "1.2.3.4:", "1.2.3.4:port"}) {
    EXPECT_EQ(viewer("10.0.0.1:80", {{"X-Forwarded-For", value}}), "10.0.0.1") << value;
  }
}

TEST(ViewerAddress, HugeChainsLeaveThePeer) {
  std::string xff;
  for (int i = 0; i < 10'000; ++i)
    xff += "198.51.100.1, ";
  EXPECT_EQ(viewer("10.0.0.1:80", {{"X-Forwarded-For", xff}}), "10.0.0.1");
  std::string forwarded;
  for (int i = 0; i < 10'000; ++i)
    forwarded += "for=198.51.100.1,";
  EXPECT_EQ(viewer("10.0.0.1:80", {{"Forwarded", forwarded}}), "10.0.0.1");
  EXPECT_EQ(viewer("10.0.0.1:80", {{"X-Forwarded-For", std::string(1 << 20, ',')}}), "10.0.0.1");
  EXPECT_EQ(viewer("10.0.0.1:80", {{"Forwarded", std::string(1 << 20, '"')}}), "10.0.0.1");
}

TEST(ForwardedChain, ParsesElementsInOrder) {
  EXPECT_EQ(forwarded_for_nodes(R"(for=a;by=b, proto=http, for="[::1]:80")"),
            (std::vector<std::string_view>{"a", "", "[::1]:80"}));
  EXPECT_EQ(forwarded_for_nodes(""), std::vector<std::string_view>{});
}

TEST(ForwardedChain, AcceptsAtMostTheLimit) {
  std::string xff;
  for (size_t i = 0; i < kMaxChainNodes; ++i)
    xff += "198.51.100.1,";
  EXPECT_EQ(x_forwarded_for_nodes(xff).value_or(std::vector<std::string_view>{}).size(),
            kMaxChainNodes);
  EXPECT_EQ(x_forwarded_for_nodes(xff + "1.1.1.1"), std::nullopt);
}

TEST(ForwardedChain, NodeAddresses) {
  EXPECT_EQ(node_ip("192.0.2.1"), "192.0.2.1");
  EXPECT_EQ(node_ip("192.0.2.1:80"), "192.0.2.1");
  EXPECT_EQ(node_ip("[2001:db8::1]:_port"), "2001:db8::1");
  EXPECT_EQ(node_ip("2001:db8::1"), "2001:db8::1");
  EXPECT_EQ(node_ip("[192.0.2.1]"), std::nullopt);
  EXPECT_EQ(node_ip("[2001:db8::1]:"), std::nullopt);
  EXPECT_EQ(node_ip("[2001:db8::1]:_"), std::nullopt);
  EXPECT_EQ(node_ip("192.0.2.1:_a/b"), std::nullopt);
  EXPECT_EQ(node_ip("unknown"), std::nullopt);
  EXPECT_EQ(node_ip(""), std::nullopt);
}

}  // namespace
}  // namespace edge::geo
