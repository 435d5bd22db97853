// AsyncClient against a real redis-server: pipelines, error replies, a server that goes away
// and comes back, and a server that stops answering.
#include "core/redis/async_client.h"

#include <event2/event.h>
#include <gtest/gtest.h>

#include <chrono>
#include <optional>

#include "core/base/unique_handle.h"
#include "core/redis/sync_client.h"
#include "tests/unit/support/redis_server.h"

namespace core::redis {
namespace {

using Loop = base::UniqueHandle<event_base, event_base_free>;

class AsyncClientTest : public ::testing::Test {
 protected:
  // Runs the loop until `result` is set; the bound only keeps a broken client from hanging the
  // test, it is not what is being measured.
  PipelineResult run(AsyncClient& client, std::vector<Command> commands) {
    std::optional<PipelineResult> result;
    client.send(std::move(commands), [&](PipelineResult r) { result = std::move(r); });
    EXPECT_FALSE(result) << "answered inside send()";
    auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!result && std::chrono::steady_clock::now() < give_up)
      event_base_loop(loop_.get(), EVLOOP_ONCE);
    if (!result) return std::unexpected(Unavailable{"test gave up"});
    return std::move(*result);
  }

  // Loops until the client has connected again after a restart of the server.
  bool wait_until_working(AsyncClient& client) {
    auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < give_up) {
      if (auto replies = run(client, {{"PING"}}); replies) return true;
      timeval pause{0, 20'000};
      event_base_loopexit(loop_.get(), &pause);
      event_base_dispatch(loop_.get());
    }
    return false;
  }

  testsupport::RedisServer server_;
  Loop loop_{event_base_new()};
};

TEST_F(AsyncClientTest, PipelineRepliesComeBackInOrder) {
  AsyncClient client(loop_.get(), server_.endpoint());
  auto replies = run(client, {{"SET", "k", std::string("v\0w", 3)},
                              {"INCRBY", "n", "5"},
                              {"GET", "k"},
                              {"GET", "missing"},
                              {"RPUSH", "l", "a", "b"},
                              {"LRANGE", "l", "0", "-1"}});
  ASSERT_TRUE(replies) << replies.error().reason;
  ASSERT_EQ(replies->size(), 6u);
  EXPECT_EQ((*replies)[0].type, Reply::Type::kStatus);
  EXPECT_EQ((*replies)[1].as_integer(), 5);
  EXPECT_EQ((*replies)[2].text, std::string("v\0w", 3));
  EXPECT_TRUE((*replies)[3].is_nil());
  ASSERT_EQ((*replies)[5].elements.size(), 2u);
  EXPECT_EQ((*replies)[5].elements[1].text, "b");
}

TEST_F(AsyncClientTest, ARedisErrorIsAReplyNotAFailure) {
  AsyncClient client(loop_.get(), server_.endpoint());
  auto replies = run(client, {{"SET", "k", "text"}, {"INCR", "k"}, {"GET", "k"}});
  ASSERT_TRUE(replies);
  EXPECT_TRUE((*replies)[1].is_error());
  EXPECT_EQ((*replies)[2].text, "text");
}

TEST_F(AsyncClientTest, ADeadServerFailsCommandsAndTheClientReconnects) {
  AsyncClient client(loop_.get(), server_.endpoint(),
                     {.command_timeout = std::chrono::milliseconds(500),
                      .reconnect_min = std::chrono::milliseconds(20),
                      .reconnect_max = std::chrono::milliseconds(100)});
  ASSERT_TRUE(run(client, {{"SET", "k", "1"}}));
  server_.kill();
  auto failed = run(client, {{"GET", "k"}});
  ASSERT_FALSE(failed);
  EXPECT_NE(failed.error().reason.find("redis"), std::string::npos) << failed.error().reason;
  auto refused = run(client, {{"GET", "k"}});
  EXPECT_FALSE(refused);
  ASSERT_TRUE(server_.start());
  ASSERT_TRUE(wait_until_working(client));
  auto replies = run(client, {{"SET", "k", "2"}, {"GET", "k"}});
  ASSERT_TRUE(replies);
  EXPECT_EQ((*replies)[1].text, "2");
}

TEST_F(AsyncClientTest, AServerThatStopsAnsweringTimesOut) {
  AsyncClient client(loop_.get(), server_.endpoint(),
                     {.command_timeout = std::chrono::milliseconds(200),
                      .reconnect_min = std::chrono::milliseconds(20),
                      .reconnect_max = std::chrono::milliseconds(100)});
  ASSERT_TRUE(run(client, {{"PING"}}));
  SyncClient other(server_.endpoint());
  // Every client, this one included, waits out the pause.
  ASSERT_TRUE(other.pipeline({{"CLIENT", "PAUSE", "1000", "ALL"}}));
  auto stuck = run(client, {{"GET", "k"}});
  ASSERT_FALSE(stuck);
  EXPECT_NE(stuck.error().reason.find("no reply within 200 ms"), std::string::npos)
      << stuck.error().reason;
  EXPECT_TRUE(wait_until_working(client));
}

TEST_F(AsyncClientTest, WrongPasswordIsRefused) {
  testsupport::RedisServer guarded({"--requirepass", "right"});
  Endpoint wrong = guarded.endpoint();
  wrong.password = "wrong";
  AsyncClient client(loop_.get(), wrong);
  auto replies = run(client, {{"GET", "k"}});
  // Either the pipeline fails with the connection or its command is refused: never data.
  if (replies) {
    EXPECT_TRUE(replies->front().is_error());
  }
  Endpoint right = guarded.endpoint();
  right.password = "right";
  right.db = 2;
  AsyncClient good(loop_.get(), right);
  auto ok = run(good, {{"SET", "k", "1"}, {"GET", "k"}});
  ASSERT_TRUE(ok) << ok.error().reason;
  EXPECT_EQ((*ok)[1].text, "1");
}

TEST(SyncClientTest, PipelineAndDeadServer) {
  testsupport::RedisServer server;
  SyncClient client(server.endpoint(), std::chrono::milliseconds(500));
  auto replies = client.pipeline({{"HSET", "h", "a", "1"}, {"HGETALL", "h"}});
  ASSERT_TRUE(replies);
  EXPECT_EQ((*replies)[1].elements.size(), 2u);
  server.kill();
  auto failed = client.pipeline({{"PING"}});
  ASSERT_FALSE(failed);
  EXPECT_NE(failed.error().reason.find("redis"), std::string::npos);
  ASSERT_TRUE(server.start());
  EXPECT_TRUE(client.pipeline({{"PING"}}));
}

}  // namespace
}  // namespace core::redis
