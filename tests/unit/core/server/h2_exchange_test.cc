// HTTP/2 exchanges through a real server on loopback with nghttp2 as the client: prior
// knowledge, h2c Upgrade, concurrent streams, flow control with a small window, request
// bodies and their limit, resets, and the graceful shutdown.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>

#include "core/server/h2_metrics.h"
#include "core/server/server_metrics.h"
#include "tests/unit/core/server/h2_test_util.h"

namespace core::server {
namespace {

using h2test::Client;
using h2test::ClientOptions;
using h2test::TestServer;

std::string pattern(size_t size) {
  std::string out(size, '\0');
  for (size_t i = 0; i < size; ++i)
    out[i] = h2test::pattern_byte(i);
  return out;
}

TEST(Http2Exchange, GetWithPriorKnowledge) {
  TestServer server;
  Client client(server.port());
  ASSERT_TRUE(client.connected());
  const int32_t id = client.submit("GET", "/hello");
  ASSERT_TRUE(client.run_until([&] { return client.stream_closed(id); }));
  const h2test::StreamResult& result = client.result(id);
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, "hello");
  EXPECT_EQ(result.error_code, NGHTTP2_NO_ERROR);
  EXPECT_EQ(result.header("content-length"), "5");
  EXPECT_EQ(result.header("content-type"), "text/plain");
  EXPECT_EQ(result.header("server"), "swipecdn");
  EXPECT_TRUE(result.header("date").has_value());
  EXPECT_EQ(server.counter(families::kRequests, {"http2", "200"}), 1u);
  EXPECT_EQ(server.counter(h2_families::kStreamsOpened), 1u);
  EXPECT_TRUE(
      TestServer::eventually([&] { return server.counter(h2_families::kStreamsClosed) == 1; }));
}

TEST(Http2Exchange, ASharedHeadIsSentWithTheResponsesOwnFields) {
  TestServer server;
  Client client(server.port());
  const int32_t id = client.submit("GET", "/shared");
  ASSERT_TRUE(client.run_until([&] { return client.stream_closed(id); }));
  const h2test::StreamResult& result = client.result(id);
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, "shared body");
  EXPECT_EQ(result.error_code, NGHTTP2_NO_ERROR);
  EXPECT_EQ(result.header("content-length"), "11");
  EXPECT_EQ(result.header("x-shared"), "yes");
  EXPECT_EQ(result.header("x-own"), "1");
}

TEST(Http2Exchange, RequestAsTheHandlerSeesIt) {
  TestServer server;
  Client client(server.port());
  const int32_t id = client.submit("POST", "/echo?a=b", "payload",
                                   {{"x-custom", "One"}, {"cookie", "a=1"}, {"cookie", "b=2"}});
  ASSERT_TRUE(client.run_until([&] { return client.stream_closed(id); }));
  const std::string& body = client.result(id).body;
  EXPECT_NE(body.find("method: POST\n"), std::string::npos);
  EXPECT_NE(body.find("target: /echo?a=b\n"), std::string::npos);
  EXPECT_NE(body.find("authority: test.local\n"), std::string::npos);
  EXPECT_NE(body.find("scheme: http\n"), std::string::npos);
  EXPECT_NE(body.find("protocol: HTTP/2\n"), std::string::npos);
  EXPECT_NE(body.find("header x-custom: One\n"), std::string::npos);
  // RFC 9113 8.2.3: cookie crumbs are joined with "; " for the rest of the system.
  EXPECT_NE(body.find("header cookie: a=1; b=2\n"), std::string::npos);
  EXPECT_NE(body.find("body: payload"), std::string::npos);
  EXPECT_EQ(body.find(":method"), std::string::npos);
}

TEST(Http2Exchange, ConcurrentStreamsOnOneConnection) {
  TestServer server;
  Client client(server.port());
  std::vector<int32_t> ids;
  for (int i = 0; i < 20; ++i) {
    ids.push_back(client.submit("GET", i % 2 == 0 ? "/hello" : "/body?size=70000"));
  }
  ASSERT_TRUE(client.run_until([&] {
    return std::all_of(ids.begin(), ids.end(),
                       [&](int32_t id) { return client.stream_closed(id); });
  }));
  const std::string expected = pattern(70000);
  for (size_t i = 0; i < ids.size(); ++i) {
    const h2test::StreamResult& result = client.result(ids[i]);
    EXPECT_EQ(result.status, 200) << i;
    EXPECT_EQ(result.body, i % 2 == 0 ? "hello" : expected) << i;
  }
  EXPECT_EQ(server.counter(families::kRequests, {"http2", "200"}), 20u);
  EXPECT_EQ(server.counter(families::kConnectionsAccepted, {"tcp"}), 1u);
}

TEST(Http2Exchange, LargeBodyThroughASmallWindowArrivesWhole) {
  TestServer server;
  ClientOptions options;
  options.initial_window = 1024;  // every 1 KiB of DATA waits for a WINDOW_UPDATE
  Client client(server.port(), options);
  const size_t size = 1024 * 1024 + 17;
  const int32_t id = client.submit("GET", "/body?size=" + std::to_string(size));
  ASSERT_TRUE(client.run_until([&] { return client.stream_closed(id); }));
  const h2test::StreamResult& result = client.result(id);
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.error_code, NGHTTP2_NO_ERROR);
  EXPECT_EQ(result.header("content-length"), std::to_string(size));
  ASSERT_EQ(result.body.size(), size);
  EXPECT_TRUE(result.body == pattern(size));
  // The updates this window needs are what the DATA frames earn: no flood detected.
  EXPECT_EQ(server.counter(families::kHttp2Misbehaviour, {"window_update_flood"}), 0u);
  EXPECT_FALSE(client.goaway().has_value());
}

TEST(Http2Exchange, UpgradeFromHttp1) {
  TestServer server;
  auto socket = std::make_unique<h2test::Socket>(server.port());
  ASSERT_TRUE(socket->connected());
  const nghttp2_settings_entry entries[] = {{NGHTTP2_SETTINGS_ENABLE_PUSH, 0},
                                            {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 65535}};
  uint8_t payload[64];
  const ssize_t length = nghttp2_pack_settings_payload(payload, sizeof(payload), entries, 2);
  ASSERT_GT(length, 0);
  const std::string raw(reinterpret_cast<const char*>(payload), static_cast<size_t>(length));
  std::string encoded;  // base64url without padding
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (size_t i = 0; i < raw.size(); i += 3) {
    uint32_t bits = static_cast<uint8_t>(raw[i]) << 16;
    if (i + 1 < raw.size()) bits |= static_cast<uint8_t>(raw[i + 1]) << 8;
    if (i + 2 < raw.size()) bits |= static_cast<uint8_t>(raw[i + 2]);
    const size_t chars = std::min<size_t>(4, (raw.size() - i) * 4 / 3 + 1);
    for (size_t c = 0; c < chars; ++c)
      encoded.push_back(kAlphabet[(bits >> (18 - 6 * c)) & 63]);
  }
  ASSERT_TRUE(socket->send(
      "GET /echo?up=1 HTTP/1.1\r\nHost: test.local\r\nConnection: Upgrade, HTTP2-Settings\r\n"
      "Upgrade: h2c\r\nHTTP2-Settings: " +
      encoded + "\r\n\r\n"));
  std::string head;
  bool eof = false;
  while (head.find("\r\n\r\n") == std::string::npos && !eof)
    head += socket->receive(5000, eof);
  ASSERT_EQ(head.rfind("HTTP/1.1 101 ", 0), 0u) << head;
  const size_t end = head.find("\r\n\r\n") + 4;
  Client client(std::move(socket), raw, head.substr(end));
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.run_until([&] { return client.stream_closed(1); }));
  EXPECT_EQ(client.result(1).status, 200);
  EXPECT_NE(client.result(1).body.find("target: /echo?up=1\n"), std::string::npos);
  EXPECT_NE(client.result(1).body.find("protocol: HTTP/2\n"), std::string::npos);
  // The connection goes on as HTTP/2.
  const int32_t id = client.submit("GET", "/hello");
  EXPECT_EQ(id, 3);
  ASSERT_TRUE(client.run_until([&] { return client.stream_closed(id); }));
  EXPECT_EQ(client.result(id).body, "hello");
  EXPECT_EQ(server.counter(families::kRequests, {"http2", "200"}), 2u);
}

TEST(Http2Exchange, RequestBodyOverTheLimitGets413) {
  ServerConfig config = h2test::h2_config();
  config.limits.max_request_body = 1000;
  TestServer server(config);
  Client client(server.port());
  const int32_t small = client.submit("POST", "/echo", std::string(1000, 'x'));
  const int32_t large = client.submit("POST", "/echo", std::string(5000, 'x'));
  const int32_t declared =
      client.submit("POST", "/echo", std::string(10, 'x'), {{"content-length", "10"}});
  ASSERT_TRUE(client.run_until([&] {
    return client.stream_closed(small) && client.stream_closed(large) &&
           client.stream_closed(declared);
  }));
  EXPECT_EQ(client.result(small).status, 200);
  EXPECT_EQ(client.result(large).status, 413);
  EXPECT_EQ(client.result(declared).status, 200);
  EXPECT_EQ(server.counter(families::kRejectedRequests, {"h2_body_too_large"}), 1u);
  EXPECT_EQ(server.events().requests.load(), 2);
}

TEST(Http2Exchange, HeadersOverTheLimitGet431) {
  ServerConfig config = h2test::h2_config();
  config.limits.max_header_bytes = 2048;
  TestServer server(config);
  Client client(server.port());
  const int32_t id = client.submit("GET", "/hello", {}, {{"x-big", std::string(3000, 'v')}});
  ASSERT_TRUE(client.run_until([&] { return client.stream_closed(id); }));
  EXPECT_EQ(client.result(id).status, 431);
  EXPECT_EQ(server.counter(families::kRejectedRequests, {"h2_headers_too_large"}), 1u);
  EXPECT_EQ(server.events().requests.load(), 0);
  const int32_t next = client.submit("GET", "/hello");
  ASSERT_TRUE(client.run_until([&] { return client.stream_closed(next); }));
  EXPECT_EQ(client.result(next).status, 200);
}

TEST(Http2Exchange, MalformedPseudoHeadersResetTheStream) {
  TestServer server;
  h2test::Socket socket(server.port());
  // :path missing: HEADERS with :method GET, :scheme http and :authority only.
  std::string block = "\x82\x86";
  block.push_back('\x01');
  block.push_back(static_cast<char>(10));
  block.append("test.local");
  ASSERT_TRUE(
      socket.send(h2test::client_preface() +
                  h2test::frame(NGHTTP2_HEADERS, NGHTTP2_FLAG_END_HEADERS | NGHTTP2_FLAG_END_STREAM,
                                1, block)));
  // An uppercase field name (RFC 9113 8.2.1) on stream 3.
  std::string upper = h2test::request_block("/hello");
  upper += std::string("\x00\x04X-Up\x01v", 8);
  ASSERT_TRUE(socket.send(h2test::frame(
      NGHTTP2_HEADERS, NGHTTP2_FLAG_END_HEADERS | NGHTTP2_FLAG_END_STREAM, 3, upper)));
  ASSERT_TRUE(TestServer::eventually(
      [&] { return server.counter(h2_families::kResetsSent, {"protocol_error"}) == 2; }));
  EXPECT_EQ(server.events().requests.load(), 0);
  // The connection is fine: a good request on stream 5 is answered.
  ASSERT_TRUE(
      socket.send(h2test::frame(NGHTTP2_HEADERS, NGHTTP2_FLAG_END_HEADERS | NGHTTP2_FLAG_END_STREAM,
                                5, h2test::request_block("/hello"))));
  ASSERT_TRUE(TestServer::eventually([&] {
    return server.counter(families::kRequests, {"http2", "200"}) == 1;
  }));
}

TEST(Http2Exchange, HeadRequestHasNoBody) {
  TestServer server;
  Client client(server.port());
  const int32_t id = client.submit("HEAD", "/body?size=5000");
  ASSERT_TRUE(client.run_until([&] { return client.stream_closed(id); }));
  EXPECT_EQ(client.result(id).status, 200);
  EXPECT_EQ(client.result(id).header("content-length"), "5000");
  EXPECT_TRUE(client.result(id).body.empty());
}

TEST(Http2Exchange, AbortResetsTheStreamSoTruncationShows) {
  TestServer server;
  Client client(server.port());
  const int32_t id = client.submit("GET", "/abort");
  ASSERT_TRUE(client.run_until([&] { return client.stream_closed(id); }));
  EXPECT_EQ(client.result(id).status, 200);
  EXPECT_EQ(client.result(id).body, "partial");
  EXPECT_EQ(client.result(id).error_code, NGHTTP2_INTERNAL_ERROR);
  EXPECT_EQ(server.counter(h2_families::kResetsSent, {"internal_error"}), 1u);
  // The connection survives the stream.
  const int32_t next = client.submit("GET", "/hello");
  ASSERT_TRUE(client.run_until([&] { return client.stream_closed(next); }));
  EXPECT_EQ(client.result(next).body, "hello");
}

TEST(Http2Exchange, GracefulShutdownFinishesInFlightStreams) {
  TestServer server;
  Client client(server.port());
  const size_t size = 512 * 1024;
  const int32_t id = client.submit("GET", "/body?size=" + std::to_string(size));
  ASSERT_TRUE(client.run_until([&] { return !client.result(id).body.empty(); }));
  std::thread stopper([&] { server.server().shutdown(std::chrono::milliseconds(5000)); });
  ASSERT_TRUE(client.run_until([&] { return client.stream_closed(id) && client.eof(); }));
  stopper.join();
  EXPECT_EQ(client.result(id).body.size(), size);
  EXPECT_EQ(client.result(id).error_code, NGHTTP2_NO_ERROR);
  ASSERT_TRUE(client.goaway().has_value());
  EXPECT_EQ(client.goaway()->error_code, NGHTTP2_NO_ERROR);
  EXPECT_EQ(client.goaway()->last_stream_id, id);
}

TEST(Http2Exchange, IdleConnectionGetsGoawayAndCloses) {
  ServerConfig config = h2test::h2_config();
  config.timeouts.idle = std::chrono::milliseconds(100);
  TestServer server(config);
  Client client(server.port());
  const int32_t id = client.submit("GET", "/hello");
  ASSERT_TRUE(client.run_until([&] { return client.stream_closed(id); }));
  ASSERT_TRUE(client.run_until([&] { return client.eof(); }));
  ASSERT_TRUE(client.goaway().has_value());
  EXPECT_EQ(client.goaway()->error_code, NGHTTP2_NO_ERROR);
  EXPECT_EQ(server.counter(families::kTimeouts, {"idle"}), 1u);
}

}  // namespace
}  // namespace core::server
