// Graceful shutdown: listening stops at once, idle connections close, an in-flight slow
// response finishes, and the deadline closes what is still going.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <string>

#include "tests/unit/core/server/server_test_util.h"

namespace core::server {
namespace {

using namespace std::chrono_literals;
using testing::TestClient;
using testing::TestServer;

TEST(ServerShutdown, InFlightSlowResponseFinishes) {
  TestServer server;
  TestClient client(server.port());
  client.send(testing::get("/slow?chunks=5&delay_ms=30"));
  const std::string first = client.read_some();
  ASSERT_NE(first.find("HTTP/1.1 200"), std::string::npos);

  auto stopped = std::async(std::launch::async, [&] { server.server().shutdown(10s); });
  std::string rest = first;
  for (;;) {
    const std::string got = client.read_some();
    if (got.empty()) break;  // closed after the last chunk
    rest += got;
  }
  stopped.get();
  // The head went out before the shutdown, so it could not announce the close; the body
  // is nonetheless complete (five ticks and the last chunk) before the connection ends.
  size_t ticks = 0;
  for (size_t at = rest.find("tick"); at != std::string::npos; at = rest.find("tick", at + 1)) {
    ++ticks;
  }
  EXPECT_EQ(ticks, 5u);
  EXPECT_NE(rest.rfind("0\r\n\r\n"), std::string::npos);
}

TEST(ServerShutdown, IdleClosesAtOnceStuckAtTheDeadline) {
  TestServer server;
  TestClient idle(server.port());
  TestClient busy(server.port());
  busy.send(testing::get("/hang"));
  // Wait until /hang is in flight so the server cannot finish before the deadline.
  for (int i = 0; i < 500 && server.log().requests.load() == 0; ++i) {
    std::this_thread::sleep_for(2ms);
  }
  ASSERT_EQ(server.log().requests.load(), 1);
  auto stopped = std::async(std::launch::async, [&] { server.server().shutdown(300ms); });
  // The idle keep-alive connection is closed right away, the stuck one at the deadline.
  EXPECT_TRUE(idle.wait_closed());
  EXPECT_TRUE(busy.wait_closed());
  stopped.get();
}

TEST(ServerShutdown, StopsListeningAtOnce) {
  TestServer server;
  const uint16_t port = server.port();
  server.server().shutdown(1s);
  TestClient late(port);
  EXPECT_FALSE(late.connected());
}

TEST(ServerShutdown, SecondCallAndDestructionAreHarmless) {
  TestServer server;
  TestClient client(server.port());
  client.send(testing::get("/hello"));
  ASSERT_TRUE(client.read_response().has_value());
  server.server().shutdown(100ms);
  server.server().shutdown(100ms);
  EXPECT_TRUE(client.wait_closed());
}

}  // namespace
}  // namespace core::server
