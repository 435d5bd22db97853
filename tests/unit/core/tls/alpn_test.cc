// ALPN: the server's order decides, h2 only when enabled, no overlap means no ALPN (HTTP/1.1)
// rather than a failed handshake; select_alpn on well-formed and malformed client lists.
#include "core/tls/alpn.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/unit/core/tls/test_certificates.h"
#include "tests/unit/core/tls/tls_handshake.h"

namespace core::tls {
namespace {

std::string selected(const std::string& wire, bool enable_h2) {
  const auto chosen =
      select_alpn({reinterpret_cast<const unsigned char*>(wire.data()), wire.size()}, enable_h2);
  if (!chosen) return "<none>";
  return {reinterpret_cast<const char*>(chosen->data()), chosen->size()};
}

TEST(TlsSelectAlpn, ServerPreferenceWins) {
  EXPECT_EQ(selected("\x08http/1.1\x02h2", true), "h2");
  EXPECT_EQ(selected("\x02h2\x08http/1.1", true), "h2");
  EXPECT_EQ(selected("\x06spdy/3\x08http/1.1", true), "http/1.1");
}

TEST(TlsSelectAlpn, H2DisabledFallsBackToHttp11) {
  EXPECT_EQ(selected("\x02h2\x08http/1.1", false), "http/1.1");
  EXPECT_EQ(selected(std::string("\x02h2"), false), "<none>");
}

TEST(TlsSelectAlpn, NoOverlapSelectsNothing) {
  EXPECT_EQ(selected("\x06spdy/3\x03h2c", true), "<none>");
  EXPECT_EQ(selected("", true), "<none>");
  // Prefixes and extensions of our names are different names.
  EXPECT_EQ(selected("\x01h\x03h2x\x07http/1.", true), "<none>");
}

TEST(TlsSelectAlpn, MalformedListSelectsNothing) {
  EXPECT_EQ(selected(std::string("\x02h2\x00", 4), true), "<none>");  // empty name
  EXPECT_EQ(selected("\x02h2\x09http/1.1", true), "<none>");          // length past the end
  EXPECT_EQ(selected(std::string("\x02h2\x08http/1.1\x05", 13), true), "<none>");
}

TEST(TlsSelectAlpn, ResultPointsIntoTheClientList) {
  const std::string wire = "\x08http/1.1\x02h2";
  const auto chosen =
      select_alpn({reinterpret_cast<const unsigned char*>(wire.data()), wire.size()}, true);
  ASSERT_TRUE(chosen.has_value());
  const auto name = chosen.value_or(std::span<const unsigned char>{});
  EXPECT_EQ(reinterpret_cast<const char*>(name.data()), wire.data() + 10);
  EXPECT_EQ(name.size(), 2u);
}

class TlsAlpnHandshake : public ::testing::Test {
 protected:
  static std::shared_ptr<const TlsContext> context(bool enable_h2) {
    const auto& certs = test::standard_certificates();
    auto loaded = TlsContext::load({certs.edge, certs.pop}, TlsOptions{.enable_h2 = enable_h2});
    EXPECT_TRUE(loaded.has_value()) << loaded.error();
    return loaded.value_or(nullptr);
  }

  static std::string negotiate(bool enable_h2, std::vector<std::string> offered,
                               std::string server_name = "edge.test") {
    const auto ctx = context(enable_h2);
    if (!ctx) return "<no context>";
    auto result =
        test::handshake(*ctx, {.server_name = std::move(server_name), .alpn = std::move(offered)});
    if (!result.ok()) return "<handshake failed>";
    const std::string client_view(negotiated_protocol(result.client.get()));
    std::string server_view(negotiated_protocol(result.server.get()));
    if (client_view != server_view) return "<disagree: " + client_view + "/" + server_view + ">";
    return server_view;
  }
};

TEST_F(TlsAlpnHandshake, H2ChosenWhenOffered) {
  EXPECT_EQ(negotiate(true, {"h2", "http/1.1"}), "h2");
  EXPECT_EQ(negotiate(true, {"http/1.1", "h2"}), "h2");
}

TEST_F(TlsAlpnHandshake, Http11WhenOnlyThatIsOffered) {
  EXPECT_EQ(negotiate(true, {"http/1.1"}), "http/1.1");
}

TEST_F(TlsAlpnHandshake, H2NotChosenWhenDisabled) {
  EXPECT_EQ(negotiate(false, {"h2", "http/1.1"}), "http/1.1");
  EXPECT_EQ(negotiate(false, {"h2"}), "");
}

TEST_F(TlsAlpnHandshake, NoOverlapOrNoAlpnStillConnects) {
  EXPECT_EQ(negotiate(true, {"spdy/3", "h2c"}), "");
  EXPECT_EQ(negotiate(true, {}), "");
}

TEST_F(TlsAlpnHandshake, CertificateChosenBySniKeepsAlpn) {
  EXPECT_EQ(negotiate(true, {"http/1.1", "h2"}, "video.pop.test"), "h2");
  EXPECT_EQ(negotiate(false, {"h2", "http/1.1"}, "video.pop.test"), "http/1.1");
}

}  // namespace
}  // namespace core::tls
