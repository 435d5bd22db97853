// Each timeout closes the connection and moves its counter: a slowloris head, a stalled body,
// an idle keep-alive connection, and a client that stops reading a response.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "core/server/server_metrics.h"
#include "tests/unit/core/server/server_test_util.h"

namespace core::server {
namespace {

using namespace std::chrono_literals;
using testing::TestClient;
using testing::TestServer;

// Every timeout long, except the one a test looks at.
ServerConfig with_timeouts(Timeouts timeouts) {
  ServerConfig config = testing::test_config();
  config.timeouts = timeouts;
  return config;
}

Timeouts long_timeouts() {
  Timeouts t;
  t.header_read = 30s;
  t.body_read = 30s;
  t.idle = 30s;
  t.write = 30s;
  t.tls_handshake = 30s;
  return t;
}

TEST(ServerTimeouts, SlowlorisHeadIsCut) {
  Timeouts t = long_timeouts();
  t.header_read = 100ms;
  TestServer server(with_timeouts(t));
  TestClient client(server.port());
  client.send("GET / HTTP/1.1\r\nHo");
  EXPECT_TRUE(client.wait_closed());
  EXPECT_EQ(server.counter(families::kTimeouts, {"header_read"}), 1u);
  EXPECT_EQ(server.counter(families::kTimeouts, {"idle"}), 0u);
  EXPECT_EQ(server.log().requests.load(), 0);
}

TEST(ServerTimeouts, DribblingHeadDoesNotResetTheClock) {
  // The head timeout runs from the first byte: sending a byte now and then does not help.
  Timeouts t = long_timeouts();
  t.header_read = 200ms;
  TestServer server(with_timeouts(t));
  TestClient client(server.port());
  client.send("G");
  for (int i = 0; i < 100 && server.counter(families::kTimeouts, {"header_read"}) == 0; ++i) {
    client.send("E");
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_TRUE(client.wait_closed());
  EXPECT_EQ(server.counter(families::kTimeouts, {"header_read"}), 1u);
}

TEST(ServerTimeouts, PartHeadBehindAnsweredRequestIsCut) {
  // The first head comes in two parts, so its clock was started; the second starts in the pass
  // that answers the first, and gets a clock of its own.
  Timeouts t = long_timeouts();
  t.header_read = 100ms;
  TestServer server(with_timeouts(t));
  TestClient client(server.port());
  const std::string first = testing::get("/hello");
  client.send(first.substr(0, 10));
  std::this_thread::sleep_for(20ms);
  client.send(first.substr(10) + "GET /hello HTTP/1.1\r\nHo");
  ASSERT_TRUE(client.read_response().has_value());
  EXPECT_TRUE(client.wait_closed());
  EXPECT_EQ(server.counter(families::kTimeouts, {"header_read"}), 1u);
  EXPECT_EQ(server.log().requests.load(), 1);
}

TEST(ServerTimeouts, StalledBodyIsCut) {
  Timeouts t = long_timeouts();
  t.body_read = 100ms;
  TestServer server(with_timeouts(t));
  TestClient client(server.port());
  client.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc");
  EXPECT_TRUE(client.wait_closed());
  EXPECT_EQ(server.counter(families::kTimeouts, {"body_read"}), 1u);
  EXPECT_EQ(server.log().requests.load(), 0);
}

TEST(ServerTimeouts, IdleKeepAliveConnectionIsClosed) {
  Timeouts t = long_timeouts();
  t.idle = 100ms;
  TestServer server(with_timeouts(t));
  TestClient client(server.port());
  client.send(testing::get("/hello"));
  ASSERT_TRUE(client.read_response().has_value());
  EXPECT_TRUE(client.wait_closed());
  EXPECT_EQ(server.counter(families::kTimeouts, {"idle"}), 1u);
}

TEST(ServerTimeouts, SilentNewConnectionIsClosedAsIdle) {
  Timeouts t = long_timeouts();
  t.idle = 100ms;
  TestServer server(with_timeouts(t));
  TestClient client(server.port());
  EXPECT_TRUE(client.wait_closed());
  EXPECT_EQ(server.counter(families::kTimeouts, {"idle"}), 1u);
}

TEST(ServerTimeouts, ClientThatStopsReadingIsCut) {
  Timeouts t = long_timeouts();
  t.write = 200ms;
  TestServer server(with_timeouts(t));
  TestClient client(server.port(), 4096);
  client.send(testing::get("/stream?chunks=2000&size=65536"));
  // Nothing is read: the socket buffers fill, the output stops moving and the timer fires.
  EXPECT_TRUE(server.wait_for_counter(families::kTimeouts, {"write"}, 1));
  EXPECT_TRUE(client.wait_closed());
  EXPECT_LT(server.log().chunks_produced.load(), 2000);
}

}  // namespace
}  // namespace core::server
