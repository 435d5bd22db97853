// ProxyHandler end to end in one process: a scripted origin on 127.0.0.1 and a recording test
// double of the codec's Stream (the server's codecs are tested on their own). Checks what
// reaches the origin, what reaches the viewer, retries, fail-over, health marking,
// backpressure, aborts, counters and the access log record.
#include "edge/proxy/proxy_handler.h"

#include <gtest/gtest.h>

#include <thread>

#include "core/client/client_metrics.h"
#include "edge/proxy/hash_ring.h"
#include "tests/unit/core/client/loop_runner.h"
#include "tests/unit/core/client/scripted_origin.h"
#include "tests/unit/edge/proxy/recording_stream.h"

namespace edge::proxy {
namespace {

using namespace std::chrono_literals;

class FakeClock final : public core::base::Clock {
 public:
  std::chrono::steady_clock::time_point now() const override { return now_; }
  int64_t unix_seconds() const override { return 1'700'000'000; }
  void advance(std::chrono::milliseconds by) { now_ += by; }

 private:
  std::chrono::steady_clock::time_point now_ = std::chrono::steady_clock::time_point{} + 1h;
};

// An origin URL nothing listens on.
std::string dead_origin() {
  uint16_t port = 0;
  {
    test::ScriptedOrigin gone([](test::OriginPeer&, const std::string&) {});
    port = gone.port();
  }
  return "http://127.0.0.1:" + std::to_string(port);
}

// A video id whose ring owner is origins[owner].
std::string video_owned_by(const std::vector<std::string>& origins, size_t owner,
                           size_t virtual_nodes) {
  const HashRing ring(origins, virtual_nodes);
  for (int i = 0;; ++i) {
    std::string id = "vid" + std::to_string(i);
    if (ring.owner(id) == owner) return id;
  }
}

class ProxyHandlerTest : public ::testing::Test {
 protected:
  void build(std::vector<std::string> origins, ProxyConfig config = {}) {
    config.origins = std::move(origins);
    config.pop = "test-pop";
    config.retry_backoff = 1ms;
    config_ = config;
    core::server::WorkerContext worker{0, loop_.base(), &registry_, nullptr};
    auto handler = ProxyHandler::create(
        worker, std::make_shared<const ProxyConfig>(config), clock_,
        [this](const AccessRecord& r) {
          records_.push_back(Logged{std::string(r.method), std::string(r.path), r.status, r.bytes,
                                    std::string(r.upstream), std::string(r.cache_status),
                                    std::string(r.outcome), *r.cmcd});
        },
        admin_);
    ASSERT_TRUE(handler.has_value()) << handler.error();
    handler_ = std::move(*handler);
  }

  std::unique_ptr<test::RecordingStream> request(std::string target, std::string method = "GET",
                                                 core::http::Headers headers = {}) {
    core::http::Request r;
    r.method = std::move(method);
    r.target = std::move(target);
    r.authority = "edge.example";
    r.scheme = "http";
    r.peer = "198.51.100.20:40000";
    r.headers = std::move(headers);
    return std::make_unique<test::RecordingStream>(loop_.base(), std::move(r));
  }

  // Sends one request through the handler and runs the loop until the viewer's side ended.
  std::unique_ptr<test::RecordingStream> run(std::string target, std::string method = "GET",
                                             core::http::Headers headers = {}) {
    auto stream = request(std::move(target), std::move(method), std::move(headers));
    handler_->on_request(*stream);
    EXPECT_TRUE(loop_.run_until([&] { return stream->ended; }));
    return stream;
  }

  uint64_t counter(const core::metrics::FamilySpec& family,
                   std::initializer_list<std::string_view> labels) {
    return registry_.counter(family, labels).value();
  }

  struct Logged {
    std::string method, path;
    int status;
    uint64_t bytes;
    std::string upstream, cache_status, outcome;
    CmcdKeys cmcd;
  };

  test::LoopRunner loop_;
  core::metrics::Registry registry_;
  FakeClock clock_;
  ProxyConfig config_;
  core::http::Handler* admin_ = nullptr;
  std::unique_ptr<ProxyHandler> handler_;
  std::vector<Logged> records_;
};

TEST_F(ProxyHandlerTest, RelaysAResponseAndRewritesBothHeads) {
  test::ScriptedOrigin origin([](test::OriginPeer& peer, const std::string&) {
    peer.send(
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: video/mp4\r\n"
        "Connection: X-Hop\r\nX-Hop: 1\r\nKeep-Alive: timeout=5\r\nProxy-Thing: y\r\n"
        "Cache-Control: max-age=60\r\n\r\nhello");
  });
  build({origin.url()});
  core::http::Headers headers;
  headers.add("Connection", "keep-alive, X-Private");
  headers.add("X-Private", "1");
  headers.add("TE", "trailers");
  headers.add("Upgrade", "h2c");
  headers.add("Proxy-Authorization", "Basic x");
  headers.add("X-Forwarded-For", "6.6.6.6");
  headers.add("If-None-Match", "\"abc\"");
  headers.add("If-Modified-Since", "Sat, 01 Jan 2000 00:00:00 GMT");
  headers.add("User-Agent", "player");
  auto stream = run("/v/clip1/720p/seg_0.m4s", "GET", headers);

  ASSERT_TRUE(stream->complete);
  EXPECT_EQ(stream->head->status, 200);
  EXPECT_EQ(stream->head->content_length, 5u);
  EXPECT_EQ(stream->body, "hello");
  const core::http::Headers& h = stream->head->headers;
  EXPECT_EQ(h.get("via"), "1.1 test-pop");
  EXPECT_EQ(h.get("content-type"), "video/mp4");
  EXPECT_EQ(h.get("cache-control"), "max-age=60");
  for (const char* gone : {"connection", "x-hop", "keep-alive", "proxy-thing"}) {
    EXPECT_FALSE(h.contains(gone)) << gone;
  }

  const auto seen = origin.requests();
  ASSERT_EQ(seen.size(), 1u);
  const std::string& sent = seen[0];
  EXPECT_TRUE(sent.starts_with("GET /v/clip1/720p/seg_0.m4s HTTP/1.1\r\nhost: 127.0.0.1:" +
                               std::to_string(origin.port()) + "\r\n"))
      << sent;
  EXPECT_NE(sent.find("x-forwarded-for: 198.51.100.20\r\n"), std::string::npos) << sent;
  EXPECT_EQ(sent.find("6.6.6.6"), std::string::npos) << sent;
  EXPECT_NE(sent.find("via: 1.1 test-pop\r\n"), std::string::npos) << sent;
  EXPECT_NE(sent.find("x-forwarded-proto: http\r\n"), std::string::npos) << sent;
  EXPECT_NE(sent.find("if-none-match: \"abc\"\r\n"), std::string::npos) << sent;
  EXPECT_NE(sent.find("if-modified-since: Sat, 01 Jan 2000"), std::string::npos) << sent;
  EXPECT_NE(sent.find("user-agent: player\r\n"), std::string::npos) << sent;
  for (const char* gone : {"connection:", "x-private", "te:", "upgrade", "proxy-authorization"}) {
    EXPECT_EQ(sent.find(gone), std::string::npos) << gone << " in " << sent;
  }
  EXPECT_EQ(counter(families::kRequests, {"complete"}), 1u);
}

TEST_F(ProxyHandlerTest, HostilePathsNeverReachTheOrigin) {
  test::ScriptedOrigin origin(
      [](test::OriginPeer& peer, const std::string&) { peer.send(test::fixed_response("x")); });
  build({origin.url()});
  for (const char* target : {"/v/../etc/passwd", "/v/%2e%2e/x", "/v/a%2fb", "/v/a%5cb", "/v/a%00b",
                             "/v//a", "/etc/passwd", "http://o/v/a/b"}) {
    auto stream = run(target);
    EXPECT_EQ(stream->head->status, 400) << target;
  }
  EXPECT_EQ(origin.connections(), 0);
  EXPECT_TRUE(origin.requests().empty());
  EXPECT_EQ(counter(families::kPathRejections, {"dot_segment"}), 1u);
  EXPECT_EQ(counter(families::kPathRejections, {"encoded_dot"}), 1u);
  EXPECT_EQ(counter(families::kPathRejections, {"encoded_slash"}), 1u);
  EXPECT_EQ(counter(families::kPathRejections, {"encoded_backslash"}), 1u);
  EXPECT_EQ(counter(families::kPathRejections, {"encoded_nul"}), 1u);
  EXPECT_EQ(counter(families::kPathRejections, {"empty_segment"}), 1u);
  EXPECT_EQ(counter(families::kPathRejections, {"outside_prefix"}), 1u);
  EXPECT_EQ(counter(families::kPathRejections, {"absolute_form"}), 1u);
  EXPECT_EQ(counter(families::kRequests, {"rejected"}), 8u);
  ASSERT_EQ(records_.size(), 8u);
  EXPECT_EQ(records_[0].status, 400);
  EXPECT_EQ(records_[0].outcome, "rejected");
  EXPECT_EQ(records_[0].upstream, "");
}

TEST_F(ProxyHandlerTest, OnlyGetAndHeadReachTheOrigin) {
  test::ScriptedOrigin origin(
      [](test::OriginPeer& peer, const std::string&) { peer.send(test::fixed_response("x")); });
  build({origin.url()});
  for (const char* method : {"POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH"}) {
    auto stream = run("/v/a/seg_0.m4s", method);
    EXPECT_EQ(stream->head->status, 405) << method;
    EXPECT_EQ(stream->head->headers.get("allow"), "GET, HEAD");
  }
  EXPECT_EQ(origin.connections(), 0);
  EXPECT_EQ(counter(families::kRequests, {"method_not_allowed"}), 6u);
}

TEST_F(ProxyHandlerTest, AdminPrefixGoesToTheAdminHandlerOnly) {
  struct Admin : core::http::Handler {
    int calls = 0;
    void on_request(core::http::Stream& stream) override {
      ++calls;
      stream.respond_with(202, "text/plain", "ok");
    }
  } admin;
  test::ScriptedOrigin origin(
      [](test::OriginPeer& peer, const std::string&) { peer.send(test::fixed_response("x")); });
  build({origin.url()});
  EXPECT_EQ(run("/_edge/prewarm", "POST")->head->status, 404);
  admin_ = &admin;
  build({origin.url()});
  EXPECT_EQ(run("/_edge/prewarm", "POST")->head->status, 202);
  EXPECT_EQ(admin.calls, 1);
  EXPECT_EQ(origin.connections(), 0);
}

TEST_F(ProxyHandlerTest, RangesPassSingleAndNeverMultiple) {
  test::ScriptedOrigin origin([](test::OriginPeer& peer, const std::string& request) {
    if (request.find("range: bytes=0-3\r\n") != std::string::npos) {
      peer.send(
          "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-3/10\r\n"
          "Content-Length: 4\r\n\r\n0123");
    } else if (request.find("range: bytes=20-\r\n") != std::string::npos) {
      peer.send(
          "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */10\r\n"
          "Content-Length: 0\r\n\r\n");
    } else if (request.find("range:") != std::string::npos) {
      peer.send("HTTP/1.1 500 Unexpected\r\nContent-Length: 0\r\n\r\n");
    } else {
      peer.send(test::fixed_response("0123456789"));
    }
  });
  build({origin.url()});
  core::http::Headers single;
  single.add("Range", "bytes=0-3");
  auto partial = run("/v/a/seg_0.m4s", "GET", single);
  EXPECT_EQ(partial->head->status, 206);
  EXPECT_EQ(partial->body, "0123");
  EXPECT_EQ(partial->head->headers.get("content-range"), "bytes 0-3/10");

  core::http::Headers beyond;
  beyond.add("Range", "bytes=20-");
  EXPECT_EQ(run("/v/a/seg_0.m4s", "GET", beyond)->head->status, 416);

  core::http::Headers multi;
  multi.add("Range", "bytes=0-1,3-4,0-9");
  multi.add("If-Range", "\"e\"");
  auto full = run("/v/a/seg_0.m4s", "GET", multi);
  EXPECT_EQ(full->head->status, 200);
  EXPECT_EQ(full->body, "0123456789");

  core::http::Headers invalid;
  invalid.add("Range", "bytes=9-1");
  EXPECT_EQ(run("/v/a/seg_0.m4s", "GET", invalid)->head->status, 200);
  EXPECT_EQ(counter(families::kRangeRewrites, {"multiple"}), 1u);
  EXPECT_EQ(counter(families::kRangeRewrites, {"invalid"}), 1u);
  EXPECT_EQ(origin.requests()[2].find("if-range"), std::string::npos);
}

TEST_F(ProxyHandlerTest, BodilessResponsesKeepTheConnection) {
  test::ScriptedOrigin origin([](test::OriginPeer& peer, const std::string& request) {
    if (request.starts_with("HEAD")) {
      peer.send("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\nETag: \"e\"\r\n\r\n");
    } else {
      peer.send("HTTP/1.1 304 Not Modified\r\nETag: \"e\"\r\n\r\n");
    }
  });
  build({origin.url()});
  auto head = run("/v/a/seg_0.m4s", "HEAD");
  EXPECT_EQ(head->head->status, 200);
  EXPECT_FALSE(head->has_body);
  EXPECT_EQ(head->head->content_length, 1234u);
  core::http::Headers conditional;
  conditional.add("If-None-Match", "\"e\"");
  auto not_modified = run("/v/a/seg_0.m4s", "GET", conditional);
  EXPECT_EQ(not_modified->head->status, 304);
  EXPECT_FALSE(not_modified->has_body);
  EXPECT_EQ(origin.connections(), 1);
}

TEST_F(ProxyHandlerTest, ConnectFailureFailsOverToTheNextOrigin) {
  test::ScriptedOrigin good([](test::OriginPeer& peer, const std::string&) {
    peer.send(test::fixed_response("from good"));
  });
  const std::vector<std::string> origins = {dead_origin(), good.url()};
  ProxyConfig config;
  config.failures_before_down = 1;
  config.down_time = 10s;
  build(origins, config);
  const std::string video = video_owned_by(origins, 0, config.virtual_nodes);
  auto stream = run("/v/" + video + "/seg_0.m4s");
  ASSERT_TRUE(stream->complete);
  EXPECT_EQ(stream->body, "from good");
  EXPECT_EQ(counter(families::kRetries, {"connect"}), 1u);
  EXPECT_EQ(counter(families::kOriginsMarkedDown, {origins[0].substr(7)}), 1u);
  EXPECT_EQ(counter(families::kSelections, {origins[0].substr(7), "primary"}), 1u);
  EXPECT_EQ(counter(families::kSelections, {good.url().substr(7), "failover"}), 1u);
  ASSERT_EQ(records_.size(), 1u);
  EXPECT_EQ(records_[0].upstream, good.url().substr(7));

  // Marked down: the next request goes straight to the healthy origin, no retry needed.
  auto second = run("/v/" + video + "/seg_1.m4s");
  EXPECT_TRUE(second->complete);
  EXPECT_EQ(counter(families::kRetries, {"connect"}), 1u);
  EXPECT_EQ(counter(families::kSelections, {good.url().substr(7), "failover"}), 2u);

  // After the down time the owner is tried again (and fails over again).
  clock_.advance(11s);
  auto third = run("/v/" + video + "/seg_2.m4s");
  EXPECT_TRUE(third->complete);
  EXPECT_EQ(counter(families::kSelections, {origins[0].substr(7), "primary"}), 2u);
  EXPECT_EQ(counter(families::kRetries, {"connect"}), 2u);
}

TEST_F(ProxyHandlerTest, RetriesAreBoundedAndEndIn502Or504) {
  const std::vector<std::string> dead = {dead_origin()};
  ProxyConfig config;
  config.retries = 3;
  build(dead, config);
  auto stream = run("/v/a/seg_0.m4s");
  EXPECT_EQ(stream->head->status, 502);
  EXPECT_EQ(counter(families::kRetries, {"connect"}), 3u);
  EXPECT_EQ(counter(core::client::families::kRequests, {dead[0].substr(7)}), 4u);
  EXPECT_EQ(counter(families::kRequests, {"upstream_error"}), 1u);

  test::ScriptedOrigin silent([](test::OriginPeer&, const std::string&) {});
  ProxyConfig slow;
  slow.retries = 1;
  slow.client.read_timeout = 50ms;
  build({silent.url()}, slow);
  EXPECT_EQ(run("/v/a/seg_0.m4s")->head->status, 504);
  EXPECT_EQ(silent.requests().size(), 2u);
  EXPECT_EQ(counter(families::kRetries, {"timeout"}), 1u);
}

TEST_F(ProxyHandlerTest, ResetBeforeTheHeadIsRetried) {
  test::ScriptedOrigin flaky([](test::OriginPeer& peer, const std::string&) {
    if (peer.index == 0) {
      peer.reset();
    } else {
      peer.send(test::fixed_response("second try"));
    }
  });
  build({flaky.url()});
  auto stream = run("/v/a/seg_0.m4s");
  ASSERT_TRUE(stream->complete);
  EXPECT_EQ(stream->body, "second try");
  EXPECT_EQ(counter(families::kRetries, {"reset"}), 1u);
}

TEST_F(ProxyHandlerTest, BadResponseIsNotRetried) {
  test::ScriptedOrigin broken(
      [](test::OriginPeer& peer, const std::string&) { peer.send("HTTP/1.1 2OO OK\r\n\r\n"); });
  build({broken.url()});
  EXPECT_EQ(run("/v/a/seg_0.m4s")->head->status, 502);
  EXPECT_EQ(broken.requests().size(), 1u);
}

TEST_F(ProxyHandlerTest, UpstreamFailureMidBodyAbortsTheViewer) {
  test::ScriptedOrigin liar([](test::OriginPeer& peer, const std::string&) {
    peer.send("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + std::string(5000, 'z'));
    peer.close();
  });
  build({liar.url()});
  auto stream = run("/v/a/seg_0.m4s");
  EXPECT_EQ(stream->head->status, 200);
  EXPECT_TRUE(stream->aborted);
  EXPECT_FALSE(stream->complete);
  EXPECT_EQ(liar.requests().size(), 1u);  // never retried once the head went out
  EXPECT_EQ(counter(families::kAborted, {"truncated"}), 1u);
  EXPECT_EQ(counter(families::kRequests, {"aborted"}), 1u);
}

TEST_F(ProxyHandlerTest, SurplusOriginBytesNeverReachTheViewer) {
  test::ScriptedOrigin origin([](test::OriginPeer& peer, const std::string& request) {
    if (request.starts_with("GET /v/a/long")) {
      peer.send("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nLLLLHTTP/1.1 200 OK\r\n\r\n");
    } else {
      peer.send(test::fixed_response("after"));
    }
  });
  build({origin.url()});
  auto stream = run("/v/a/long");
  ASSERT_TRUE(stream->complete);
  EXPECT_EQ(stream->body, "LLLL");
  auto follow = run("/v/a/after");
  EXPECT_EQ(follow->body, "after");
  EXPECT_EQ(origin.connections(), 2);
}

TEST_F(ProxyHandlerTest, ChunkedOriginBodyStreamsThrough) {
  test::ScriptedOrigin origin([](test::OriginPeer& peer, const std::string&) {
    peer.send(test::chunked_response({"one ", "two ", std::string(100'000, 'x')}));
  });
  ProxyConfig config;
  config.client.chunk_bytes = 8192;
  build({origin.url()}, config);
  auto stream = run("/v/a/master.m3u8");
  ASSERT_TRUE(stream->complete);
  EXPECT_FALSE(stream->head->content_length.has_value());
  EXPECT_EQ(stream->body, "one two " + std::string(100'000, 'x'));
  EXPECT_GT(stream->writes, 10);
}

TEST_F(ProxyHandlerTest, StalledViewerStopsTheOrigin) {
  const std::string big(64u << 20, 'b');
  test::ScriptedOrigin origin(
      [&big](test::OriginPeer& peer, const std::string&) { peer.send(test::fixed_response(big)); });
  ProxyConfig config;
  config.client.chunk_bytes = 16 * 1024;
  build({origin.url()}, config);
  auto stream = request("/v/a/seg_0.m4s");
  stream->auto_pull = false;
  handler_->on_request(*stream);
  ASSERT_TRUE(loop_.run_until([&] { return stream->writes == 1; }));
  loop_.run_for(300ms);
  // One chunk written, at most one more waiting: the origin is held back by TCP, not
  // buffered into the edge.
  EXPECT_EQ(stream->writes, 1);
  const size_t sent = origin.bytes_sent();
  EXPECT_LT(sent, big.size() / 2);
  for (int i = 0; i < 3; ++i)
    stream->pull();
  EXPECT_EQ(stream->writes, 2);  // the one waiting chunk; the next is not read yet
  stream->auto_pull = true;
  stream->pull();
  ASSERT_TRUE(loop_.run_until([&] { return stream->ended; }, 60s));
  EXPECT_TRUE(stream->complete);
  EXPECT_EQ(stream->body.size(), big.size());
}

TEST_F(ProxyHandlerTest, ViewerLeavingClosesTheUpstreamConnection) {
  test::ScriptedOrigin origin([](test::OriginPeer& peer, const std::string&) {
    peer.send("HTTP/1.1 200 OK\r\nContent-Length: 10000000\r\n\r\n" + std::string(1000, 'q'));
  });
  build({origin.url()});
  auto stream = request("/v/a/seg_0.m4s");
  stream->auto_pull = false;
  handler_->on_request(*stream);
  ASSERT_TRUE(loop_.run_until([&] { return stream->writes == 1; }));
  stream->disconnect();
  ASSERT_TRUE(loop_.run_until([&] { return origin.closed_by_client() == 1; }));
  EXPECT_EQ(counter(families::kRequests, {"client_gone"}), 1u);
  ASSERT_EQ(records_.size(), 1u);
  EXPECT_EQ(records_[0].outcome, "client_gone");
  EXPECT_EQ(records_[0].status, 200);
}

TEST_F(ProxyHandlerTest, AccessRecordCarriesCmcdAndUpstream) {
  test::ScriptedOrigin origin([](test::OriginPeer& peer, const std::string&) {
    peer.send(test::fixed_response("segment"));
  });
  build({origin.url()});
  core::http::Headers headers;
  headers.add("CMCD-Session", "sid=\"s-1\",st=v");
  auto stream = run("/v/a/seg_0.m4s?CMCD=br%3D3200%2Cbl%3D5000", "GET", headers);
  ASSERT_TRUE(stream->complete);
  ASSERT_EQ(records_.size(), 1u);
  const Logged& r = records_[0];
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.path, "/v/a/seg_0.m4s");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.bytes, 7u);
  EXPECT_EQ(r.upstream, origin.url().substr(7));
  EXPECT_EQ(r.cache_status, "MISS");
  EXPECT_EQ(r.outcome, "complete");
  EXPECT_EQ(r.cmcd.at("br").text, "3200");
  EXPECT_EQ(r.cmcd.at("sid").text, "s-1");
  EXPECT_EQ(r.cmcd.size(), 4u);
}

TEST_F(ProxyHandlerTest, BadConfigurationIsNamed) {
  core::server::WorkerContext worker{0, loop_.base(), &registry_, nullptr};
  auto make = [&](ProxyConfig config) {
    return ProxyHandler::create(worker, std::make_shared<const ProxyConfig>(std::move(config)),
                                clock_, nullptr);
  };
  ProxyConfig no_origin;
  EXPECT_FALSE(make(no_origin).has_value());
  ProxyConfig bad_url;
  bad_url.origins = {"http://origin.example:80"};
  EXPECT_NE(make(bad_url).error().find("origin.example"), std::string::npos);
  ProxyConfig bad_prefix;
  bad_prefix.origins = {"http://127.0.0.1:1"};
  bad_prefix.prefixes = {"/v"};
  EXPECT_NE(make(bad_prefix).error().find("/v"), std::string::npos);
  ProxyConfig bad_proxy;
  bad_proxy.origins = {"http://127.0.0.1:1"};
  bad_proxy.trusted_proxies = {"10.0.0.0/99"};
  EXPECT_NE(make(bad_proxy).error().find("10.0.0.0/99"), std::string::npos);
}

}  // namespace
}  // namespace edge::proxy
