// The admin routes on a recording stream: /healthz and /metrics answered (GET, HEAD, 405),
// every other path passed on untouched.
#include "edge/admin/admin_routes.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace edge::admin {
namespace {

class FakeClock final : public core::base::Clock {
 public:
  std::chrono::steady_clock::time_point now() const override { return now_; }
  int64_t unix_seconds() const override { return 0; }
  std::chrono::steady_clock::time_point now_{};
};

// Records what a handler does with a stream and pulls the body as a codec would.
class RecordingStream final : public core::http::Stream {
 public:
  RecordingStream(std::string method, std::string target) {
    request_.method = std::move(method);
    request_.target = std::move(target);
  }
  const core::http::Request& request() const override { return request_; }
  event_base* loop() const override { return nullptr; }
  void attach(std::unique_ptr<core::http::Exchange> exchange) override {
    exchange_ = std::move(exchange);
  }
  void respond(core::http::ResponseHead head, bool has_body) override {
    head_ = std::move(head);
    responded_ = true;
    while (has_body && !ended_ && exchange_)
      exchange_->on_writable(*this);
  }
  void write(core::http::Chunk chunk, bool last) override {
    body_ += chunk.bytes;
    ended_ = last;
  }
  void abort() override { aborted_ = true; }

  core::http::Request request_;
  std::unique_ptr<core::http::Exchange> exchange_;
  core::http::ResponseHead head_;
  bool responded_ = false;
  bool ended_ = false;
  bool aborted_ = false;
  std::string body_;
};

class CountingHandler final : public core::http::Handler {
 public:
  void on_request(core::http::Stream&) override { ++calls; }
  int calls = 0;
};

constexpr core::metrics::FamilySpec kHits{"test_hits_total", "Hits.",
                                          core::metrics::Kind::kCounter};

class AdminRoutesTest : public ::testing::Test {
 protected:
  AdminRoutesTest() : routes_("fra1", exposition_, clock_, clock_.now_) {
    exposition_.add(registry_);
  }
  FakeClock clock_;
  core::metrics::Registry registry_;
  core::metrics::Exposition exposition_;
  AdminRoutes routes_;
};

TEST_F(AdminRoutesTest, HealthzAnswersJsonWithPopAndUptime) {
  clock_.now_ += std::chrono::seconds(90);
  RecordingStream stream("GET", "/healthz?verbose=1");
  ASSERT_TRUE(routes_.handle(stream));
  EXPECT_EQ(stream.head_.status, 200);
  EXPECT_EQ(stream.head_.headers.get("content-type"), "application/json");
  EXPECT_EQ(stream.head_.headers.get("cache-control"), "no-store");
  auto body = nlohmann::json::parse(stream.body_);
  EXPECT_EQ(body["status"], "ok");
  EXPECT_EQ(body["pop"], "fra1");
  EXPECT_EQ(body["uptime_seconds"], 90);
  EXPECT_EQ(stream.head_.content_length, stream.body_.size());
}

TEST_F(AdminRoutesTest, MetricsRendersTheExposition) {
  registry_.counter(kHits).inc(4);
  RecordingStream stream("GET", "/metrics");
  ASSERT_TRUE(routes_.handle(stream));
  EXPECT_EQ(stream.head_.status, 200);
  EXPECT_EQ(stream.head_.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(stream.body_, exposition_.render());
  EXPECT_NE(stream.body_.find("test_hits_total 4\n"), std::string::npos);
}

TEST_F(AdminRoutesTest, HeadHasTheLengthButNoBody) {
  RecordingStream get("GET", "/healthz");
  RecordingStream head("HEAD", "/healthz");
  ASSERT_TRUE(routes_.handle(get));
  ASSERT_TRUE(routes_.handle(head));
  EXPECT_EQ(head.head_.status, 200);
  EXPECT_TRUE(head.body_.empty());
  EXPECT_EQ(head.head_.content_length, get.body_.size());
}

TEST_F(AdminRoutesTest, OtherMethodsGet405) {
  RecordingStream stream("POST", "/metrics");
  ASSERT_TRUE(routes_.handle(stream));
  EXPECT_EQ(stream.head_.status, 405);
  EXPECT_EQ(stream.head_.headers.get("allow"), "GET, HEAD");
}

TEST_F(AdminRoutesTest, OtherPathsAreLeftAlone) {
  for (const char* target : {"/v/abc/master.m3u8", "/healthz/", "/metricsx", "/", "/HEALTHZ"}) {
    RecordingStream stream("GET", target);
    EXPECT_FALSE(routes_.handle(stream)) << target;
    EXPECT_FALSE(stream.responded_) << target;
  }
}

TEST_F(AdminRoutesTest, FrontPassesOtherPathsToNext) {
  auto next = std::make_unique<CountingHandler>();
  CountingHandler& counting = *next;
  AdminFront front(routes_, std::move(next));
  RecordingStream admin("GET", "/healthz");
  front.on_request(admin);
  EXPECT_EQ(counting.calls, 0);
  EXPECT_EQ(admin.head_.status, 200);
  RecordingStream other("GET", "/v/abc/360p/seg_0.m4s");
  front.on_request(other);
  EXPECT_EQ(counting.calls, 1);
  EXPECT_FALSE(other.responded_);
}

}  // namespace
}  // namespace edge::admin
