// OriginClient against a scripted origin on 127.0.0.1: framing of every kind, pooling,
// backpressure, and each FetchError.
#include "core/client/origin_client.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <thread>

#include "core/client/client_metrics.h"
#include "tests/unit/core/client/loop_runner.h"
#include "tests/unit/core/client/scripted_origin.h"

namespace core::client {
namespace {

using namespace std::chrono_literals;

// Records what the client reports; resumes after each chunk unless told not to.
struct Recorder : FetchObserver {
  std::optional<http::ResponseHead> head;
  std::string body;
  int chunks = 0;
  size_t largest_chunk = 0;
  bool complete = false;
  std::optional<FetchError> error;
  bool auto_resume = true;
  std::unique_ptr<Fetch> fetch;
  int callbacks = 0;

  void on_head(http::ResponseHead h) override {
    ++callbacks;
    head = std::move(h);
  }
  void on_body(http::Chunk chunk) override {
    ++callbacks;
    ++chunks;
    largest_chunk = std::max(largest_chunk, chunk.bytes.size());
    body.append(chunk.bytes);
    if (auto_resume) fetch->resume();
  }
  void on_complete() override {
    ++callbacks;
    complete = true;
  }
  void on_error(FetchError e) override {
    ++callbacks;
    error = e;
  }
  bool ended() const { return complete || error.has_value(); }
};

http::Request get(std::string target, std::string method = "GET") {
  http::Request request;
  request.method = std::move(method);
  request.target = std::move(target);
  return request;
}

class OriginClientTest : public ::testing::Test {
 protected:
  std::unique_ptr<OriginClient> make_client(const test::ScriptedOrigin& origin,
                                            OriginOptions options = {}) {
    auto client = OriginClient::create(loop_.base(), origin.url(), options, &registry_);
    EXPECT_NE(client, nullptr);
    return client;
  }

  // Fetches `request` and runs the loop until the response ended.
  void run(OriginClient& client, Recorder& recorder, const http::Request& request) {
    recorder.fetch = client.fetch(request, recorder);
    ASSERT_TRUE(loop_.run_until([&] { return recorder.ended(); }));
  }

  uint64_t connections(const OriginClient& client, ConnectionEvent event) {
    return registry_.counter(families::kConnections, {client.authority(), to_label(event)}).value();
  }

  test::LoopRunner loop_;
  metrics::Registry registry_;
};

TEST_F(OriginClientTest, ContentLengthBody) {
  test::ScriptedOrigin origin([](test::OriginPeer& peer, const std::string&) {
    peer.send(test::fixed_response("hello world", "X-Custom: Yes\r\n"));
  });
  auto client = make_client(origin);
  Recorder r;
  run(*client, r, get("/v/a/seg_0.m4s"));
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.head->status, 200);
  EXPECT_EQ(r.head->content_length, 11u);
  EXPECT_FALSE(r.head->headers.contains("content-length"));
  EXPECT_EQ(r.head->headers.get("x-custom"), "Yes");
  EXPECT_EQ(r.body, "hello world");
}

TEST_F(OriginClientTest, ChunkedBodyIsDecoded) {
  test::ScriptedOrigin origin([](test::OriginPeer& peer, const std::string&) {
    peer.send(test::chunked_response({"abc", std::string(70'000, 'x'), "def"}));
  });
  OriginOptions options;
  options.chunk_bytes = 16 * 1024;
  auto client = make_client(origin, options);
  Recorder r;
  run(*client, r, get("/c"));
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.body, "abc" + std::string(70'000, 'x') + "def");
  EXPECT_FALSE(r.head->content_length.has_value());
  EXPECT_FALSE(r.head->headers.contains("transfer-encoding"));
  EXPECT_LE(r.largest_chunk, options.chunk_bytes);
  EXPECT_EQ(client->idle_connections(), 1u);
}

TEST_F(OriginClientTest, HeadAndBodylessStatusesHaveNoBody) {
  test::ScriptedOrigin origin([](test::OriginPeer& peer, const std::string& request) {
    if (request.starts_with("HEAD")) {
      peer.send("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n");
    } else if (request.starts_with("GET /204")) {
      peer.send("HTTP/1.1 204 No Content\r\n\r\n");
    } else {
      peer.send("HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n");
    }
  });
  auto client = make_client(origin);
  for (const auto& [method, target, status] :
       {std::tuple{"HEAD", "/h", 200}, {"GET", "/204", 204}, {"GET", "/304", 304}}) {
    Recorder r;
    run(*client, r, get(target, method));
    ASSERT_TRUE(r.complete) << target;
    EXPECT_EQ(r.head->status, status);
    EXPECT_EQ(r.chunks, 0);
    EXPECT_FALSE(r.head->content_length.has_value());
  }
  // All three on one connection: each response ended exactly where its framing said.
  EXPECT_EQ(origin.connections(), 1);
}

TEST_F(OriginClientTest, HeadKeepsContentLengthAsAHeader) {
  test::ScriptedOrigin origin([](test::OriginPeer& peer, const std::string&) {
    peer.send("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n");
  });
  auto client = make_client(origin);
  Recorder r;
  run(*client, r, get("/h", "HEAD"));
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.head->headers.get("content-length"), "1234");
}

TEST_F(OriginClientTest, CloseDelimitedBody) {
  test::ScriptedOrigin origin([](test::OriginPeer& peer, const std::string&) {
    peer.send("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end");
    peer.close();
  });
  auto client = make_client(origin);
  Recorder r;
  run(*client, r, get("/x"));
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.body, "until the end");
  EXPECT_EQ(client->idle_connections(), 0u);
}

TEST_F(OriginClientTest, InterimResponsesAreSkipped) {
  test::ScriptedOrigin origin([](test::OriginPeer& peer, const std::string&) {
    peer.send("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n");
    peer.send(test::fixed_response("ok"));
  });
  auto client = make_client(origin);
  Recorder r;
  run(*client, r, get("/x"));
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.head->status, 200);
  EXPECT_EQ(r.body, "ok");
}

TEST_F(OriginClientTest, RequestIsSerialised) {
  test::ScriptedOrigin origin(
      [](test::OriginPeer& peer, const std::string&) { peer.send(test::fixed_response("")); });
  auto client = make_client(origin);
  http::Request request = get("/v/abc/index.m3u8?x=1", "POST");
  request.headers.add("X-Forwarded-For", "10.0.0.1");
  request.headers.add("Content-Length", "999");
  request.headers.add("Transfer-Encoding", "chunked");
  request.body = "payload";
  Recorder r;
  run(*client, r, request);
  ASSERT_TRUE(r.complete);
  const std::vector<std::string> seen = origin.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0], "POST /v/abc/index.m3u8?x=1 HTTP/1.1\r\nhost: " + client->authority() +
                         "\r\nx-forwarded-for: 10.0.0.1\r\ncontent-length: 7\r\n\r\npayload");

  http::Request with_host = get("/h");
  with_host.headers.add("host", "origin.example");
  Recorder r2;
  run(*client, r2, with_host);
  EXPECT_EQ(origin.requests().back(), "GET /h HTTP/1.1\r\nhost: origin.example\r\n\r\n");
}

TEST_F(OriginClientTest, SequentialRequestsShareOneConnection) {
  test::ScriptedOrigin origin(
      [](test::OriginPeer& peer, const std::string&) { peer.send(test::fixed_response("body")); });
  auto client = make_client(origin);
  for (int i = 0; i < 5; ++i) {
    Recorder r;
    run(*client, r, get("/same"));
    ASSERT_TRUE(r.complete);
    EXPECT_EQ(client->idle_connections(), 1u);
  }
  EXPECT_EQ(origin.connections(), 1);
  EXPECT_EQ(connections(*client, ConnectionEvent::kOpened), 1u);
  EXPECT_EQ(connections(*client, ConnectionEvent::kReused), 4u);
  EXPECT_EQ(registry_.counter(families::kRequests, {client->authority()}).value(), 5u);
  EXPECT_EQ(registry_.histogram(families::kResponseTime, {client->authority()}).count(), 5u);
  EXPECT_EQ(registry_.histogram(families::kFirstByte, {client->authority()}).count(), 5u);
}

TEST_F(OriginClientTest, ConnectionCloseIsNotReused) {
  test::ScriptedOrigin origin([](test::OriginPeer& peer, const std::string&) {
    peer.send(test::fixed_response("body", "Connection: close\r\n"));
  });
  auto client = make_client(origin);
  for (int i = 0; i < 2; ++i) {
    Recorder r;
    run(*client, r, get("/x"));
    ASSERT_TRUE(r.complete);
    EXPECT_EQ(client->idle_connections(), 0u);
  }
  EXPECT_EQ(origin.connections(), 2);
}

TEST_F(OriginClientTest, IdleConnectionClosedByOriginIsDropped) {
  test::ScriptedOrigin origin([](test::OriginPeer& peer, const std::string&) {
    // Keep-alive as far as the headers go, then the origin times the connection out.
    peer.send(test::fixed_response("first"));
    peer.close();
  });
  auto client = make_client(origin);
  Recorder r;
  run(*client, r, get("/x"));
  ASSERT_TRUE(r.complete);
  ASSERT_TRUE(loop_.run_until([&] { return client->idle_connections() == 0; }));
  EXPECT_EQ(connections(*client, ConnectionEvent::kClosedByPeer), 1u);
  Recorder r2;
  run(*client, r2, get("/x"));
  ASSERT_TRUE(r2.complete);
  EXPECT_EQ(r2.body, "first");
  EXPECT_EQ(origin.connections(), 2);
}

TEST_F(OriginClientTest, IdleConnectionsAreCapped) {
  test::ScriptedOrigin origin(
      [](test::OriginPeer& peer, const std::string&) { peer.send(test::fixed_response("x")); });
  OriginOptions options;
  options.max_idle_connections = 2;
  auto client = make_client(origin, options);
  std::vector<Recorder> recorders(4);
  for (Recorder& r : recorders)
    r.fetch = client->fetch(get("/x"), r);
  ASSERT_TRUE(loop_.run_until([&] {
    return std::all_of(recorders.begin(), recorders.end(), [](auto& r) { return r.ended(); });
  }));
  EXPECT_EQ(origin.connections(), 4);
  EXPECT_EQ(client->idle_connections(), 2u);
  EXPECT_EQ(connections(*client, ConnectionEvent::kOverCapacity), 2u);
}

TEST_F(OriginClientTest, NoMoreBodyUntilResume) {
  const std::string big(1 << 20, 'b');
  test::ScriptedOrigin origin(
      [&](test::OriginPeer& peer, const std::string&) { peer.send(test::fixed_response(big)); });
  OriginOptions options;
  options.chunk_bytes = 8 * 1024;
  auto client = make_client(origin, options);
  Recorder r;
  r.auto_resume = false;
  r.fetch = client->fetch(get("/big"), r);
  ASSERT_TRUE(loop_.run_until([&] { return r.chunks == 1; }));
  // The origin keeps sending; the client must not hand out more without resume().
  loop_.run_for(200ms);
  EXPECT_EQ(r.chunks, 1);
  EXPECT_FALSE(r.ended());
  r.fetch->resume();
  ASSERT_TRUE(loop_.run_until([&] { return r.chunks == 2; }));
  loop_.run_for(50ms);
  EXPECT_EQ(r.chunks, 2);
  r.auto_resume = true;
  r.fetch->resume();
  ASSERT_TRUE(loop_.run_until([&] { return r.ended(); }));
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.body, big);
  EXPECT_LE(r.largest_chunk, options.chunk_bytes);
}

TEST_F(OriginClientTest, SlowBodyArrivesAsItComes) {
  test::ScriptedOrigin origin([](test::OriginPeer& peer, const std::string&) {
    peer.send("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc");
    std::this_thread::sleep_for(50ms);
    peer.send("def");
    std::this_thread::sleep_for(50ms);
    peer.send("ghi");
  });
  auto client = make_client(origin);
  Recorder r;
  r.fetch = client->fetch(get("/slow"), r);
  ASSERT_TRUE(loop_.run_until([&] { return r.chunks >= 1; }));
  EXPECT_FALSE(r.ended());  // the first bytes came before the rest was sent
  ASSERT_TRUE(loop_.run_until([&] { return r.ended(); }));
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.body, "abcdefghi");
  EXPECT_GE(r.chunks, 2);
}

TEST_F(OriginClientTest, ShortContentLengthIsALengthMismatch) {
  test::ScriptedOrigin origin([](test::OriginPeer& peer, const std::string&) {
    peer.send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly fifty bytes");
    peer.close();
  });
  auto client = make_client(origin);
  Recorder r;
  run(*client, r, get("/short"));
  ASSERT_TRUE(r.head.has_value());
  EXPECT_EQ(r.error, FetchError::kLengthMismatch);
  EXPECT_FALSE(r.complete);
  EXPECT_EQ(client->idle_connections(), 0u);
  EXPECT_EQ(registry_.counter(families::kErrors, {client->authority(), "length_mismatch"}).value(),
            1u);
}

TEST_F(OriginClientTest, SurplusBytesEndTheConnectionNotTheResponse) {
  test::ScriptedOrigin origin([](test::OriginPeer& peer, const std::string&) {
    peer.send("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nfour and more");
  });
  auto client = make_client(origin);
  Recorder r;
  run(*client, r, get("/long"));
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.body, "four");
  EXPECT_EQ(client->idle_connections(), 0u);
  EXPECT_EQ(connections(*client, ConnectionEvent::kSurplusBytes), 1u);
  // The surplus never becomes the next response: that one comes on a new connection.
  Recorder next;
  run(*client, next, get("/next"));
  EXPECT_EQ(next.body, "four");
  EXPECT_EQ(origin.connections(), 2);
}

TEST_F(OriginClientTest, TruncatedChunkedBody) {
  test::ScriptedOrigin origin([](test::OriginPeer& peer, const std::string&) {
    peer.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n10\r\nabc");
    peer.close();
  });
  auto client = make_client(origin);
  Recorder r;
  run(*client, r, get("/chunked"));
  EXPECT_EQ(r.error, FetchError::kLengthMismatch);
  EXPECT_FALSE(r.complete);
}

TEST_F(OriginClientTest, ResetMidBody) {
  test::ScriptedOrigin origin([](test::OriginPeer& peer, const std::string&) {
    peer.send("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + std::string(1000, 'r'));
    std::this_thread::sleep_for(20ms);
    peer.reset();
  });
  auto client = make_client(origin);
  Recorder r;
  run(*client, r, get("/reset"));
  ASSERT_TRUE(r.head.has_value());
  EXPECT_EQ(r.error, FetchError::kReset);
}

TEST_F(OriginClientTest, CloseBeforeResponseIsAReset) {
  test::ScriptedOrigin origin([](test::OriginPeer& peer, const std::string&) { peer.close(); });
  auto client = make_client(origin);
  Recorder r;
  run(*client, r, get("/x"));
  EXPECT_FALSE(r.head.has_value());
  EXPECT_EQ(r.error, FetchError::kReset);
}

TEST_F(OriginClientTest, SilentOriginTimesOut) {
  test::ScriptedOrigin origin([](test::OriginPeer&, const std::string&) {});
  OriginOptions options;
  options.read_timeout = 100ms;
  auto client = make_client(origin, options);
  Recorder r;
  run(*client, r, get("/x"));
  EXPECT_FALSE(r.head.has_value());
  EXPECT_EQ(r.error, FetchError::kTimeout);
}

TEST_F(OriginClientTest, StallBetweenBodyBytesTimesOut) {
  test::ScriptedOrigin origin([](test::OriginPeer& peer, const std::string&) {
    peer.send("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nab");
  });
  OriginOptions options;
  options.read_timeout = 100ms;
  auto client = make_client(origin, options);
  Recorder r;
  run(*client, r, get("/x"));
  ASSERT_TRUE(r.head.has_value());
  EXPECT_EQ(r.body, "ab");
  EXPECT_EQ(r.error, FetchError::kTimeout);
}

TEST_F(OriginClientTest, RefusedConnection) {
  uint16_t port = 0;
  {
    test::ScriptedOrigin gone([](test::OriginPeer&, const std::string&) {});
    port = gone.port();
  }
  auto client =
      OriginClient::create(loop_.base(), "http://127.0.0.1:" + std::to_string(port), {}, nullptr);
  Recorder r;
  run(*client, r, get("/x"));
  EXPECT_EQ(r.error, FetchError::kConnect);
}

TEST_F(OriginClientTest, BadResponses) {
  const std::vector<std::pair<std::string, FetchError>> cases = {
      {"HTTP/1.1 2x0 OK\r\n\r\n", FetchError::kBadResponse},
      {"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
       FetchError::kBadResponse},
      {"HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", FetchError::kBadResponse},
      {"HTTP/1.1 101 Switching Protocols\r\n\r\n", FetchError::kBadResponse},
      {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", FetchError::kBadResponse},
      {"HTTP/1.1 200 OK\r\nX-Big: " + std::string(2000, 'a') + "\r\n\r\n", FetchError::kTooLarge},
  };
  for (const auto& [bytes, expected] : cases) {
    test::ScriptedOrigin origin(
        [&bytes](test::OriginPeer& peer, const std::string&) { peer.send(bytes); });
    OriginOptions options;
    options.max_response_header_bytes = 1024;
    auto client = make_client(origin, options);
    Recorder r;
    run(*client, r, get("/x"));
    EXPECT_EQ(r.error, expected) << bytes.substr(0, 40);
    EXPECT_EQ(client->idle_connections(), 0u);
  }
}

TEST_F(OriginClientTest, CallbacksNeverRunInsideFetch) {
  test::ScriptedOrigin origin(
      [](test::OriginPeer& peer, const std::string&) { peer.send(test::fixed_response("x")); });
  auto client = make_client(origin);
  http::Request smuggle = get("/x");
  smuggle.headers.add("x-evil", "a\r\nGET /admin HTTP/1.1");
  Recorder r;
  r.fetch = client->fetch(smuggle, r);
  EXPECT_EQ(r.callbacks, 0);
  ASSERT_TRUE(loop_.run_until([&] { return r.ended(); }));
  EXPECT_EQ(r.error, FetchError::kBadRequest);
  EXPECT_EQ(origin.connections(), 0);

  // A pooled connection too: the response is already waiting, yet nothing runs inside fetch().
  Recorder warm;
  run(*client, warm, get("/x"));
  Recorder r2;
  r2.fetch = client->fetch(get("/x"), r2);
  EXPECT_EQ(r2.callbacks, 0);
  ASSERT_TRUE(loop_.run_until([&] { return r2.ended(); }));
  EXPECT_TRUE(r2.complete);
}

TEST_F(OriginClientTest, DestroyingAFetchMidBodyClosesItsConnection) {
  test::ScriptedOrigin origin([](test::OriginPeer& peer, const std::string&) {
    peer.send("HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n" + std::string(100, 'x'));
  });
  auto client = make_client(origin);
  Recorder r;
  r.auto_resume = false;
  r.fetch = client->fetch(get("/x"), r);
  ASSERT_TRUE(loop_.run_until([&] { return r.chunks == 1; }));
  r.fetch.reset();
  ASSERT_TRUE(loop_.run_until([&] { return origin.closed_by_client() == 1; }));
  EXPECT_EQ(client->idle_connections(), 0u);
  EXPECT_EQ(connections(*client, ConnectionEvent::kNotReusable), 1u);
}

// An observer that destroys the fetch from inside each kind of callback.
struct SelfDestroying : Recorder {
  int destroy_at = 0;  // 0: on_head, 1: on_body
  void on_head(http::ResponseHead h) override {
    Recorder::on_head(std::move(h));
    if (destroy_at == 0) fetch.reset();
  }
  void on_body(http::Chunk chunk) override {
    ++chunks;
    body.append(chunk.bytes);
    if (destroy_at == 1) fetch.reset();
  }
};

TEST_F(OriginClientTest, ObserverMayDestroyTheFetchInsideCallbacks) {
  test::ScriptedOrigin origin([](test::OriginPeer& peer, const std::string&) {
    peer.send(test::fixed_response("complete body"));
  });
  auto client = make_client(origin);
  for (int at : {0, 1}) {
    SelfDestroying r;
    r.destroy_at = at;
    r.fetch = client->fetch(get("/x"), r);
    ASSERT_TRUE(loop_.run_until([&] { return r.fetch == nullptr; }));
    loop_.run_for(20ms);
    EXPECT_FALSE(r.complete);
    EXPECT_FALSE(r.error.has_value());
  }
}

TEST_F(OriginClientTest, OriginUrls) {
  EXPECT_EQ(OriginClient::create(loop_.base(), "https://127.0.0.1:1", {}), nullptr);
  EXPECT_EQ(OriginClient::create(loop_.base(), "http://example.com:80", {}), nullptr);
  EXPECT_EQ(OriginClient::create(loop_.base(), "http://127.0.0.1:99999", {}), nullptr);
  EXPECT_EQ(OriginClient::create(loop_.base(), "http://127.0.0.1:80/path", {}), nullptr);
  EXPECT_EQ(OriginClient::create(loop_.base(), "http://localhost:8080", {})->authority(),
            "127.0.0.1:8080");
  EXPECT_EQ(OriginClient::create(loop_.base(), "http://[::1]:8080/", {})->authority(),
            "[::1]:8080");
  EXPECT_EQ(OriginClient::create(loop_.base(), "http://10.1.2.3", {})->authority(), "10.1.2.3:80");
}

}  // namespace
}  // namespace core::client
