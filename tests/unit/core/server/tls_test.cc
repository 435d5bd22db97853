// TLS listeners: HTTP/1.1 over TLS (ALPN http/1.1 or none), what handlers see, handshake
// failures and timeouts counted, and certificates swapped by reload_tls for new connections.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "core/server/server_metrics.h"
#include "tests/unit/core/server/server_test_util.h"

namespace core::server {
namespace {

using namespace std::chrono_literals;
using testing::SelfSigned;
using testing::TestClient;
using testing::TestServer;

ServerConfig tls_config(std::shared_ptr<const tls::TlsContext> context) {
  ServerConfig config = testing::test_config();
  config.listeners = {Listener{"127.0.0.1:0", true}};
  config.tls = std::move(context);
  return config;
}

TEST(ServerTls, Http11OverTls) {
  SelfSigned cert("edge.test");
  ASSERT_TRUE(cert.context()) << cert.error();
  TestServer server(tls_config(cert.context()));
  TestClient h1(server.port());
  ASSERT_TRUE(h1.start_tls({"http/1.1"}, "edge.test"));
  EXPECT_EQ(h1.negotiated_protocol(), "http/1.1");
  EXPECT_EQ(h1.peer_common_name(), "edge.test");
  for (int i = 0; i < 2; ++i) {
    h1.send(testing::get("/echo"));
    const auto response = h1.read_response();
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->status, 200);
    EXPECT_NE(response->body.find("scheme: https\n"), std::string::npos);
    EXPECT_NE(response->body.find("tls: 1\n"), std::string::npos);
  }
  EXPECT_EQ(server.counter(families::kConnectionsAccepted, {"tls"}), 1u);
  EXPECT_EQ(server.counter(families::kRequests, {"http1", "200"}), 2u);
}

TEST(ServerTls, NoAlpnMeansHttp11) {
  SelfSigned cert("edge.test");
  ASSERT_TRUE(cert.context()) << cert.error();
  TestServer server(tls_config(cert.context()));
  TestClient client(server.port());
  ASSERT_TRUE(client.start_tls({}));
  EXPECT_EQ(client.negotiated_protocol(), "");
  client.send(testing::get("/hello", "Connection: close\r\n"));
  const auto response = client.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->body, "hello");
  EXPECT_TRUE(client.wait_closed());
}

TEST(ServerTls, GarbageInsteadOfAHandshakeIsCounted) {
  SelfSigned cert("edge.test");
  ASSERT_TRUE(cert.context()) << cert.error();
  TestServer server(tls_config(cert.context()));
  TestClient client(server.port());
  client.send(testing::get("/hello"));
  EXPECT_TRUE(client.wait_closed());
  EXPECT_TRUE(server.wait_for_counter(families::kTlsHandshakeFailures, {}, 1));
  EXPECT_EQ(server.log().requests.load(), 0);
}

TEST(ServerTls, SilentClientHitsTheHandshakeTimeout) {
  SelfSigned cert("edge.test");
  ASSERT_TRUE(cert.context()) << cert.error();
  ServerConfig config = tls_config(cert.context());
  config.timeouts.tls_handshake = 100ms;
  TestServer server(config);
  TestClient client(server.port());
  EXPECT_TRUE(client.wait_closed());
  EXPECT_EQ(server.counter(families::kTimeouts, {"tls_handshake"}), 1u);
}

TEST(ServerTls, SilentClientAfterTheHandshakeIsIdle) {
  SelfSigned cert("edge.test");
  ASSERT_TRUE(cert.context()) << cert.error();
  ServerConfig config = tls_config(cert.context());
  config.timeouts.idle = 100ms;
  TestServer server(config);
  TestClient client(server.port());
  ASSERT_TRUE(client.start_tls({"http/1.1"}));
  EXPECT_TRUE(client.wait_closed());
  EXPECT_EQ(server.counter(families::kTimeouts, {"idle"}), 1u);
}

TEST(ServerTls, ReloadServesTheNewCertificateToNewConnections) {
  SelfSigned first("first.test");
  SelfSigned second("second.test");
  ASSERT_TRUE(first.context()) << first.error();
  ASSERT_TRUE(second.context()) << second.error();
  TestServer server(tls_config(first.context()));
  TestClient before(server.port());
  ASSERT_TRUE(before.start_tls({"http/1.1"}));
  EXPECT_EQ(before.peer_common_name(), "first.test");

  server.server().reload_tls(second.context());
  TestClient after(server.port());
  ASSERT_TRUE(after.start_tls({"http/1.1"}));
  EXPECT_EQ(after.peer_common_name(), "second.test");

  // The connection made before the reload keeps working.
  before.send(testing::get("/hello"));
  const auto response = before.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->body, "hello");
}

TEST(ServerTls, LargeBodiesBothWays) {
  // More than the codec's input and output watermarks in each direction, so reading pauses
  // and resumes under TLS as it does on plain sockets.
  SelfSigned cert("edge.test");
  ASSERT_TRUE(cert.context()) << cert.error();
  TestServer server(tls_config(cert.context()));
  TestClient client(server.port());
  ASSERT_TRUE(client.start_tls({"http/1.1"}));
  const std::string upload(size_t{600} * 1024, 'u');
  client.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: " + std::to_string(upload.size()) +
              "\r\n\r\n" + upload + testing::get("/hello"));
  const auto echoed = client.read_response();
  ASSERT_TRUE(echoed.has_value());
  EXPECT_NE(echoed->body.find("body: " + upload), std::string::npos);
  const auto pipelined = client.read_response();
  ASSERT_TRUE(pipelined.has_value());
  EXPECT_EQ(pipelined->body, "hello");
  client.send(testing::get("/stream?chunks=64&size=65536"));
  const auto streamed = client.read_response();
  ASSERT_TRUE(streamed.has_value());
  EXPECT_EQ(streamed->body.size(), 64u * 65536u);
}

TEST(ServerTls, CleartextAndTlsListenersSideBySide) {
  SelfSigned cert("edge.test");
  ASSERT_TRUE(cert.context()) << cert.error();
  ServerConfig config = tls_config(cert.context());
  config.listeners.push_back(Listener{"127.0.0.1:0", false});
  TestServer server(config);
  TestClient secure(server.port(0));
  ASSERT_TRUE(secure.start_tls({"http/1.1"}));
  TestClient plain(server.port(1));
  secure.send(testing::get("/echo"));
  plain.send(testing::get("/echo"));
  const auto a = secure.read_response();
  const auto b = plain.read_response();
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->body.find("scheme: https\n"), std::string::npos);
  EXPECT_NE(b->body.find("scheme: http\n"), std::string::npos);
}

}  // namespace
}  // namespace core::server
