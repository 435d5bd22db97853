// HTTP/1.1 exchanges through a real server on loopback: keep-alive, pipelining, request
// bodies, 100-continue, HEAD, connection persistence rules and the request handlers see.
#include <gtest/gtest.h>

#include <string>

#include "core/server/server_metrics.h"
#include "tests/unit/core/server/server_test_util.h"

namespace core::server {
namespace {

using testing::get;
using testing::TestClient;
using testing::TestServer;

TEST(Http1Exchange, GetWithKeepAlive) {
  TestServer server;
  TestClient client(server.port());
  ASSERT_TRUE(client.connected());
  for (int i = 0; i < 2; ++i) {
    client.send(get("/hello"));
    const auto response = client.read_response();
    ASSERT_TRUE(response.has_value()) << "request " << i;
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "hello");
    EXPECT_EQ(response->header("content-length"), "5");
    EXPECT_EQ(response->header("server"), "swipecdn");
    EXPECT_TRUE(response->header("date").has_value());
    EXPECT_FALSE(response->header("connection").has_value());
    EXPECT_TRUE(response->keep_alive);
  }
  EXPECT_EQ(server.counter(families::kRequests, {"http1", "200"}), 2u);
  EXPECT_EQ(server.counter(families::kConnectionsAccepted, {"tcp"}), 1u);
  EXPECT_EQ(server.gauge(families::kConnectionsOpen, {"http1"}), 1);
}

TEST(Http1Exchange, ASharedHeadIsSentWithTheResponsesOwnFieldsAndFraming) {
  TestServer server;
  TestClient client(server.port());
  client.send(get("/shared") + get("/hello"));
  const auto shared = client.read_response();
  const auto next = client.read_response();
  ASSERT_TRUE(shared && next);
  EXPECT_EQ(shared->status, 200);
  EXPECT_EQ(shared->body, "shared body");
  EXPECT_EQ(shared->header("content-length"), "11") << "the codec's length, not the head's";
  EXPECT_EQ(shared->header("x-shared"), "yes");
  EXPECT_EQ(shared->header("x-own"), "1");
  EXPECT_FALSE(shared->header("x-evil").has_value());
  EXPECT_FALSE(shared->header("set-cookie").has_value());
  EXPECT_EQ(shared->header("server"), "swipecdn");
  EXPECT_TRUE(shared->header("date").has_value());
  EXPECT_TRUE(shared->keep_alive);
  EXPECT_EQ(next->body, "hello") << "the connection goes on after it";

  client.send("HEAD /shared HTTP/1.1\r\nHost: x\r\n\r\n" + get("/hello"));
  const auto head = client.read_response(http1::Method::kHead);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->header("content-length"), "11");
  EXPECT_TRUE(head->body.empty());
  const auto after_head = client.read_response();
  ASSERT_TRUE(after_head);
  EXPECT_EQ(after_head->body, "hello") << "no body went out after the HEAD's head";

  TestClient old(server.port());
  old.send("GET /shared HTTP/1.0\r\n\r\n");
  const auto http10 = old.read_response();
  ASSERT_TRUE(http10);
  EXPECT_EQ(http10->body, "shared body");
  EXPECT_FALSE(http10->keep_alive);
  EXPECT_EQ(server.counter(families::kRequests, {"http1", "200"}), 5u);
}

TEST(Http1Exchange, PipelinedRequestsAnsweredInOrder) {
  TestServer server;
  TestClient client(server.port());
  client.send(get("/echo?n=1") + get("/status?code=404") + get("/stream?chunks=3&size=2000") +
              get("/echo?n=4"));
  const auto first = client.read_response();
  const auto second = client.read_response();
  const auto third = client.read_response();
  const auto fourth = client.read_response();
  ASSERT_TRUE(first && second && third && fourth);
  EXPECT_NE(first->body.find("target: /echo?n=1\n"), std::string::npos);
  EXPECT_EQ(second->status, 404);
  EXPECT_EQ(third->header("transfer-encoding"), "chunked");
  EXPECT_EQ(third->body.size(), 6000u);
  EXPECT_NE(fourth->body.find("target: /echo?n=4\n"), std::string::npos);
  EXPECT_EQ(server.log().requests.load(), 4);
}

TEST(Http1Exchange, RequestAsTheHandlerSeesIt) {
  TestServer server;
  TestClient client(server.port());
  client.send(
      "GET /echo?a=b HTTP/1.1\r\nHost: Example.COM:8080\r\nX-Custom: One\r\nAccept: */*\r\n\r\n");
  const auto response = client.read_response();
  ASSERT_TRUE(response.has_value());
  const std::string& body = response->body;
  EXPECT_NE(body.find("method: GET\n"), std::string::npos);
  EXPECT_NE(body.find("target: /echo?a=b\n"), std::string::npos);
  EXPECT_NE(body.find("authority: Example.COM:8080\n"), std::string::npos);
  EXPECT_NE(body.find("scheme: http\n"), std::string::npos);
  EXPECT_NE(body.find("protocol: HTTP/1.1\n"), std::string::npos);
  EXPECT_NE(body.find("tls: 0\n"), std::string::npos);
  EXPECT_NE(body.find("peer: 127.0.0.1:"), std::string::npos);
  EXPECT_NE(body.find("header x-custom: One\n"), std::string::npos);
  EXPECT_EQ(body.find("header host"), std::string::npos);
}

TEST(Http1Exchange, AbsoluteFormTargetGivesPathAndAuthority) {
  TestServer server;
  TestClient client(server.port());
  client.send("GET http://origin.test:81/echo?q=1 HTTP/1.1\r\nHost: other\r\n\r\n");
  const auto response = client.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_NE(response->body.find("target: /echo?q=1\n"), std::string::npos);
  EXPECT_NE(response->body.find("authority: origin.test:81\n"), std::string::npos);
}

TEST(Http1Exchange, ContentLengthBody) {
  TestServer server;
  TestClient client(server.port());
  client.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello");
  client.send(" world");
  const auto response = client.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_NE(response->body.find("body: hello world"), std::string::npos);
}

TEST(Http1Exchange, ChunkedRequestBody) {
  TestServer server;
  TestClient client(server.port());
  client.send("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel");
  client.send("lo\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n");
  const auto response = client.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_NE(response->body.find("body: hello world"), std::string::npos);
  // The connection is still usable: the whole chunked body was consumed.
  client.send(get("/hello"));
  const auto next = client.read_response();
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->body, "hello");
}

TEST(Http1Exchange, ExpectContinueGets100BeforeTheBody) {
  TestServer server;
  TestClient client(server.port());
  client.send(
      "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
  const auto interim = client.read_response();
  ASSERT_TRUE(interim.has_value());
  EXPECT_EQ(interim->status, 100);
  client.send("data");
  const auto response = client.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_NE(response->body.find("body: data"), std::string::npos);
}

TEST(Http1Exchange, OtherExpectationsGet417AndClose) {
  TestServer server;
  TestClient client(server.port());
  client.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nExpect: magic\r\n\r\ndata");
  const auto response = client.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 417);
  EXPECT_EQ(response->header("connection"), "close");
  EXPECT_TRUE(client.wait_closed());
  EXPECT_EQ(server.counter(families::kRejectedRequests, {"unsupported_expectation"}), 1u);
  EXPECT_EQ(server.log().requests.load(), 0);
}

TEST(Http1Exchange, HeadHasLengthButNoBody) {
  TestServer server;
  TestClient client(server.port());
  client.send("HEAD /hello HTTP/1.1\r\nHost: h\r\n\r\n");
  const auto head = client.read_response(http1::Method::kHead);
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->header("content-length"), "5");
  EXPECT_TRUE(head->body.empty());
  // Had a body been sent, it would now be read as the next response's status line.
  client.send(get("/echo?after=head"));
  const auto next = client.read_response();
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->status, 200);
  EXPECT_NE(next->body.find("after=head"), std::string::npos);
}

TEST(Http1Exchange, HeadOfAStreamedBodyPullsNothing) {
  TestServer server;
  TestClient client(server.port());
  client.send("HEAD /stream?chunks=5 HTTP/1.1\r\nHost: h\r\n\r\n");
  const auto head = client.read_response(http1::Method::kHead);
  ASSERT_TRUE(head.has_value());
  EXPECT_TRUE(head->body.empty());
  EXPECT_EQ(server.log().chunks_produced.load(), 0);
}

TEST(Http1Exchange, ConnectionCloseFromTheClientIsHonoured) {
  TestServer server;
  TestClient client(server.port());
  client.send(get("/hello", "Connection: close\r\n"));
  const auto response = client.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->header("connection"), "close");
  EXPECT_TRUE(client.wait_closed());
}

TEST(Http1Exchange, Http10ClosesUnlessKeepAlive) {
  TestServer server;
  {
    TestClient client(server.port());
    client.send("GET /hello HTTP/1.0\r\n\r\n");
    const auto response = client.read_response();
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->body, "hello");
    EXPECT_EQ(response->header("connection"), "close");
    EXPECT_TRUE(client.wait_closed());
  }
  TestClient client(server.port());
  client.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  const auto first = client.read_response();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->header("connection"), "keep-alive");
  client.send("GET /hello HTTP/1.0\r\n\r\n");
  const auto second = client.read_response();
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->body, "hello");
}

TEST(Http1Exchange, Http10StreamedBodyEndsWithTheConnection) {
  TestServer server;
  TestClient client(server.port());
  client.send("GET /stream?chunks=4&size=3000 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  const auto response = client.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_FALSE(response->header("transfer-encoding").has_value());
  EXPECT_EQ(response->header("connection"), "close");
  EXPECT_EQ(response->body.size(), 12000u);
}

TEST(Http1Exchange, KnownLengthStream) {
  TestServer server;
  TestClient client(server.port());
  client.send(get("/stream?chunks=3&size=5000&length=1"));
  const auto response = client.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->header("content-length"), "15000");
  EXPECT_EQ(response->body,
            std::string(5000, 'a') + std::string(5000, 'b') + std::string(5000, 'c'));
}

TEST(Http1Exchange, AbortClosesMidBody) {
  TestServer server;
  TestClient client(server.port());
  client.send(get("/abort"));
  // The chunked body never ends: the client sees the connection close instead.
  EXPECT_FALSE(client.read_response().has_value());
}

TEST(Http1Exchange, HalfClosedClientStillGetsItsAnswers) {
  TestServer server;
  TestClient client(server.port());
  client.send(get("/hello") + get("/echo?second"));
  client.shutdown_write();
  const auto first = client.read_response();
  const auto second = client.read_response();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->body, "hello");
  EXPECT_NE(second->body.find("second"), std::string::npos);
  EXPECT_TRUE(client.wait_closed());
}

TEST(Http1Exchange, BytesAreCounted) {
  TestServer server;
  TestClient client(server.port());
  const std::string request = get("/stream?chunks=3&size=3000", "Connection: close\r\n");
  client.send(request);
  size_t received = 0;
  for (std::string got = client.read_some(); !got.empty(); got = client.read_some()) {
    received += got.size();
  }
  ASSERT_GT(received, 9000u);
  // Buffer callbacks may run a little after the bytes moved: wait for the counts, then
  // check them exactly.
  EXPECT_TRUE(server.wait_for_counter(families::kSentBytes, {"http1"}, received));
  EXPECT_TRUE(server.wait_for_counter(families::kReceivedBytes, {"http1"}, request.size()));
  EXPECT_EQ(server.counter(families::kSentBytes, {"http1"}), received);
  EXPECT_EQ(server.counter(families::kReceivedBytes, {"http1"}), request.size());
}

}  // namespace
}  // namespace core::server
