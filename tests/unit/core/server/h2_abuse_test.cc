// HTTP/2 defences through a real server on loopback: rapid reset (CVE-2023-44487), SETTINGS,
// PING and empty-frame floods, CONTINUATION floods, zero-window stalls, the concurrency limit,
// and a client reset in the middle of a body. Each asserts the closure or reset and a counter.
#include <gtest/gtest.h>

#include <string>

#include "core/server/h2_metrics.h"
#include "core/server/server_metrics.h"
#include "tests/unit/core/server/h2_test_util.h"

namespace core::server {
namespace {

using h2test::Client;
using h2test::ClientOptions;
using h2test::TestServer;

ServerConfig abuse_config() {
  ServerConfig config = h2test::h2_config();
  config.limits.max_resets_per_window = 50;
  config.limits.max_control_frames_per_window = 100;
  config.limits.max_empty_frames_per_window = 100;
  config.limits.abuse_window = std::chrono::milliseconds(60'000);
  return config;
}

std::string ping(int i) {
  std::string opaque(8, '\0');
  opaque[7] = static_cast<char>(i);
  return h2test::frame(NGHTTP2_PING, 0, 0, opaque);
}

TEST(Http2Abuse, ClientResetMidBodyDestroysTheExchange) {
  TestServer server;
  Client client(server.port());
  const int32_t id = client.submit("GET", "/body?size=10000000");
  ASSERT_TRUE(client.run_until([&] { return client.result(id).body.size() >= 32 * 1024; }));
  client.reset(id, NGHTTP2_CANCEL);
  ASSERT_TRUE(client.flush());
  EXPECT_TRUE(TestServer::eventually([&] { return server.events().exchanges_destroyed == 1; }));
  EXPECT_EQ(server.counter(h2_families::kResetsReceived, {"cancel"}), 1u);
  EXPECT_TRUE(
      TestServer::eventually([&] { return server.counter(h2_families::kStreamsClosed) == 1; }));
  // The body stopped being produced: far fewer chunks than the 611 of the whole body.
  EXPECT_LT(server.events().chunks_produced.load(), 100);
  // The connection is still good.
  const int32_t next = client.submit("GET", "/hello");
  ASSERT_TRUE(client.run_until([&] { return client.stream_closed(next); }));
  EXPECT_EQ(client.result(next).body, "hello");
}

TEST(Http2Abuse, RapidResetGetsGoaway) {
  TestServer server(abuse_config());
  Client client(server.port());
  ASSERT_TRUE(client.connected());
  for (int i = 0; i < 200 && !client.eof(); ++i) {
    const int32_t id = client.submit("GET", "/hang");
    if (!client.flush()) break;
    client.reset(id, NGHTTP2_CANCEL);
    if (!client.flush()) break;
  }
  client.run_until([&] { return client.eof(); });
  ASSERT_TRUE(client.goaway().has_value());
  EXPECT_EQ(client.goaway()->error_code, NGHTTP2_ENHANCE_YOUR_CALM);
  EXPECT_TRUE(client.eof());
  EXPECT_EQ(server.counter(families::kHttp2Misbehaviour, {"rapid_reset"}), 1u);
  EXPECT_EQ(server.counter(h2_families::kGoawaysSent, {"enhance_your_calm"}), 1u);
  // Every exchange a reset stream had started is gone.
  EXPECT_TRUE(TestServer::eventually(
      [&] { return server.events().exchanges_destroyed == server.events().requests.load(); }));
  EXPECT_LE(server.counter(h2_families::kResetsReceived, {"cancel"}), 51u);
}

TEST(Http2Abuse, SettingsFloodGetsGoaway) {
  TestServer server(abuse_config());
  h2test::Socket socket(server.port());
  std::string flood = h2test::client_preface();
  for (int i = 0; i < 300; ++i)
    flood += h2test::frame(NGHTTP2_SETTINGS, 0, 0, {});
  socket.send(flood);
  bool eof = false;
  const auto goaway = h2test::read_until_goaway(socket, eof);
  ASSERT_TRUE(goaway.has_value());
  EXPECT_EQ(goaway->error_code, NGHTTP2_ENHANCE_YOUR_CALM);
  EXPECT_TRUE(eof);
  EXPECT_EQ(server.counter(families::kHttp2Misbehaviour, {"settings_flood"}), 1u);
}

TEST(Http2Abuse, PingFloodGetsGoaway) {
  TestServer server(abuse_config());
  h2test::Socket socket(server.port());
  std::string flood = h2test::client_preface();
  for (int i = 0; i < 300; ++i)
    flood += ping(i);
  socket.send(flood);
  bool eof = false;
  const auto goaway = h2test::read_until_goaway(socket, eof);
  ASSERT_TRUE(goaway.has_value());
  EXPECT_EQ(goaway->error_code, NGHTTP2_ENHANCE_YOUR_CALM);
  EXPECT_TRUE(eof);
  EXPECT_EQ(server.counter(families::kHttp2Misbehaviour, {"ping_flood"}), 1u);
}

// PRIORITY frames naming idle streams, and WINDOW_UPDATEs that no DATA sent has earned.
TEST(Http2Abuse, PriorityAndWindowUpdateFloodsGetGoaway) {
  struct Case {
    const char* label;
    std::string frame;
  };
  const std::string priority_payload("\x00\x00\x00\x00\x10", 5);
  const std::string increment("\x00\x00\x00\x01", 4);
  for (const Case& flood_case :
       {Case{"priority_flood", h2test::frame(NGHTTP2_PRIORITY, 0, 3, priority_payload)},
        Case{"window_update_flood", h2test::frame(NGHTTP2_WINDOW_UPDATE, 0, 0, increment)}}) {
    TestServer server(abuse_config());
    h2test::Socket socket(server.port());
    std::string flood = h2test::client_preface();
    for (int i = 0; i < 300; ++i)
      flood += flood_case.frame;
    socket.send(flood);
    bool eof = false;
    const auto goaway = h2test::read_until_goaway(socket, eof);
    ASSERT_TRUE(goaway.has_value()) << flood_case.label;
    EXPECT_EQ(goaway->error_code, NGHTTP2_ENHANCE_YOUR_CALM) << flood_case.label;
    EXPECT_TRUE(eof) << flood_case.label;
    EXPECT_EQ(server.counter(families::kHttp2Misbehaviour, {flood_case.label}), 1u);
  }
}

TEST(Http2Abuse, EmptyDataFloodGetsGoaway) {
  TestServer server(abuse_config());
  h2test::Socket socket(server.port());
  std::string flood =
      h2test::client_preface() +
      h2test::frame(NGHTTP2_HEADERS, NGHTTP2_FLAG_END_HEADERS, 1, h2test::request_block("/echo"));
  for (int i = 0; i < 300; ++i)
    flood += h2test::frame(NGHTTP2_DATA, 0, 1, {});
  socket.send(flood);
  bool eof = false;
  const auto goaway = h2test::read_until_goaway(socket, eof);
  ASSERT_TRUE(goaway.has_value());
  EXPECT_EQ(goaway->error_code, NGHTTP2_ENHANCE_YOUR_CALM);
  EXPECT_EQ(server.counter(families::kHttp2Misbehaviour, {"empty_frame_flood"}), 1u);
  EXPECT_EQ(server.events().requests.load(), 0);
}

TEST(Http2Abuse, ContinuationFloodIsAConnectionError) {
  TestServer server(abuse_config());
  h2test::Socket socket(server.port());
  // A header block that never ends: HEADERS without END_HEADERS, then CONTINUATION frames,
  // each carrying one more small literal field.
  std::string flood = h2test::client_preface() +
                      h2test::frame(NGHTTP2_HEADERS, 0, 1, h2test::request_block("/hello"));
  const std::string field = std::string("\x00\x03x-a", 5) + '\x10' + std::string(16, 'v');
  for (int i = 0; i < 100; ++i)
    flood += h2test::frame(NGHTTP2_CONTINUATION, 0, 1, field);
  socket.send(flood);
  bool eof = false;
  const auto goaway = h2test::read_until_goaway(socket, eof);
  ASSERT_TRUE(goaway.has_value());
  EXPECT_EQ(goaway->error_code, NGHTTP2_ENHANCE_YOUR_CALM);
  EXPECT_TRUE(eof);
  EXPECT_EQ(server.counter(families::kHttp2Misbehaviour, {"continuation_flood"}), 1u);
  EXPECT_EQ(server.events().requests.load(), 0);
}

TEST(Http2Abuse, OversizedHeaderBlockIsAContinuationFlood) {
  ServerConfig config = abuse_config();
  config.limits.max_header_bytes = 1024;
  TestServer server(config);
  h2test::Socket socket(server.port());
  // Few frames, but far more header bytes than any request within the limit could need.
  std::string flood = h2test::client_preface() +
                      h2test::frame(NGHTTP2_HEADERS, 0, 1, h2test::request_block("/hello"));
  const std::string value(100, 'v');
  std::string field = std::string("\x00\x03x-a", 5);
  field.push_back(static_cast<char>(value.size()));
  field += value;
  std::string fragment;
  for (int i = 0; i < 150; ++i)
    fragment += field;  // ~15 KiB per CONTINUATION
  for (int i = 0; i < 4; ++i)
    flood += h2test::frame(NGHTTP2_CONTINUATION, 0, 1, fragment);
  socket.send(flood);
  bool eof = false;
  const auto goaway = h2test::read_until_goaway(socket, eof);
  ASSERT_TRUE(goaway.has_value());
  EXPECT_EQ(goaway->error_code, NGHTTP2_ENHANCE_YOUR_CALM);
  EXPECT_EQ(server.counter(families::kHttp2Misbehaviour, {"continuation_flood"}), 1u);
}

TEST(Http2Abuse, ZeroWindowStallIsClosedByTheWriteTimeout) {
  ServerConfig config = h2test::h2_config();
  config.timeouts.write = std::chrono::milliseconds(200);
  TestServer server(config);
  ClientOptions options;
  options.initial_window = 0;  // no DATA may ever be sent on a stream
  options.auto_window_update = false;
  Client client(server.port(), options);
  const int32_t id = client.submit("GET", "/body?size=100000");
  ASSERT_TRUE(client.run_until([&] { return client.eof(); }));
  EXPECT_EQ(client.result(id).status, 200);
  EXPECT_TRUE(client.result(id).body.empty());
  EXPECT_EQ(server.counter(families::kTimeouts, {"write"}), 1u);
  EXPECT_TRUE(TestServer::eventually([&] { return server.events().exchanges_destroyed == 1; }));
}

TEST(Http2Abuse, StreamsOverTheConcurrencyLimitAreRefused) {
  ServerConfig config = h2test::h2_config();
  config.limits.max_concurrent_streams = 2;
  TestServer server(config);
  Client client(server.port());
  // All four go out before the server's SETTINGS can be read: the client cannot know.
  std::vector<int32_t> ids;
  for (int i = 0; i < 4; ++i)
    ids.push_back(client.submit("GET", "/hang"));
  ASSERT_TRUE(client.run_until(
      [&] { return client.stream_closed(ids[2]) && client.stream_closed(ids[3]); }));
  EXPECT_EQ(client.result(ids[2]).error_code, NGHTTP2_REFUSED_STREAM);
  EXPECT_EQ(client.result(ids[3]).error_code, NGHTTP2_REFUSED_STREAM);
  EXPECT_FALSE(client.stream_closed(ids[0]));
  EXPECT_FALSE(client.stream_closed(ids[1]));
  EXPECT_EQ(server.counter(h2_families::kResetsSent, {"refused_stream"}), 2u);
  EXPECT_EQ(server.events().requests.load(), 2);
}

}  // namespace
}  // namespace core::server
