// Which codec a connection gets: the HTTP/2 preface on cleartext (prior knowledge), ALPN "h2"
// over TLS, and the h2c Upgrade from HTTP/1.1. Each is recognised by the server's first
// HTTP/2 frame, a SETTINGS frame on stream 0, and by the open-connection gauges.
#include <gtest/gtest.h>

#include <string>

#include "core/server/protocol_detect.h"
#include "core/server/server_metrics.h"
#include "tests/unit/core/server/server_test_util.h"

namespace core::server {
namespace {

using testing::TestClient;
using testing::TestServer;

// An empty SETTINGS frame: what a client sends right after the preface.
const std::string kClientSettings("\x00\x00\x00\x04\x00\x00\x00\x00\x00", 9);

// Whether `bytes` start with a frame header of type SETTINGS (4) on stream 0.
bool starts_with_settings_frame(std::string_view bytes) {
  if (bytes.size() < 9) return false;
  const bool stream_zero = bytes[5] == 0 && bytes[6] == 0 && bytes[7] == 0 && bytes[8] == 0;
  return bytes[3] == '\x04' && stream_zero;
}

std::string read_at_least(TestClient& client, size_t n) {
  std::string out;
  while (out.size() < n) {
    const std::string got = client.read_some();
    if (got.empty()) break;
    out += got;
  }
  return out;
}

TEST(ProtocolChoice, PrefaceOnCleartextMeansHttp2) {
  TestServer server;
  TestClient client(server.port());
  // The preface in two pieces: detection waits for all of it.
  client.send(kHttp2Preface.substr(0, 10));
  client.send(std::string(kHttp2Preface.substr(10)) + kClientSettings);
  EXPECT_TRUE(starts_with_settings_frame(read_at_least(client, 9)));
  EXPECT_EQ(server.gauge(families::kConnectionsOpen, {"http2"}), 1);
  EXPECT_EQ(server.gauge(families::kConnectionsOpen, {"http1"}), 0);
}

TEST(ProtocolChoice, AlpnH2MeansHttp2) {
  testing::SelfSigned cert("edge.test");
  ASSERT_TRUE(cert.context()) << cert.error();
  ServerConfig config = testing::test_config();
  config.listeners = {Listener{"127.0.0.1:0", true}};
  config.tls = cert.context();
  TestServer server(config);
  TestClient client(server.port());
  ASSERT_TRUE(client.start_tls({"h2", "http/1.1"}));
  EXPECT_EQ(client.negotiated_protocol(), "h2");
  client.send(std::string(kHttp2Preface) + kClientSettings);
  EXPECT_TRUE(starts_with_settings_frame(read_at_least(client, 9)));
  EXPECT_EQ(server.gauge(families::kConnectionsOpen, {"http2"}), 1);
}

TEST(ProtocolChoice, H2cUpgradeSwitchesAfter101) {
  TestServer server;
  TestClient client(server.port());
  client.send(testing::get("/hello",
                           "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                           "HTTP2-Settings: AAMAAABkAAQAAP__\r\n"));
  const auto switching = client.read_response();
  ASSERT_TRUE(switching.has_value());
  EXPECT_EQ(switching->status, 101);
  EXPECT_EQ(switching->header("upgrade"), "h2c");
  client.send(std::string(kHttp2Preface) + kClientSettings);
  EXPECT_TRUE(starts_with_settings_frame(read_at_least(client, 9)));
  EXPECT_EQ(server.gauge(families::kConnectionsOpen, {"http2"}), 1);
  EXPECT_EQ(server.gauge(families::kConnectionsOpen, {"http1"}), 0);
}

TEST(ProtocolChoice, UpgradeWithABodyStaysOnHttp1) {
  TestServer server;
  TestClient client(server.port());
  client.send(
      "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n"
      "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n"
      "\r\nhi");
  const auto response = client.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_NE(response->body.find("body: hi"), std::string::npos);
}

TEST(ProtocolChoice, UpgradeIsNotOfferedOverTls) {
  testing::SelfSigned cert("edge.test");
  ASSERT_TRUE(cert.context()) << cert.error();
  ServerConfig config = testing::test_config();
  config.listeners = {Listener{"127.0.0.1:0", true}};
  config.tls = cert.context();
  TestServer server(config);
  TestClient client(server.port());
  ASSERT_TRUE(client.start_tls({"http/1.1"}));
  client.send(testing::get("/hello",
                           "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                           "HTTP2-Settings: AAMAAABkAAQAAP__\r\n"));
  const auto response = client.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "hello");
}

}  // namespace
}  // namespace core::server
