// HttpCaller: one FetchObserver per call gathers the body and hands the whole response over.
#include "bench/origin/feed_http.h"

namespace bench::feed {

class HttpCaller::Call final : public core::client::FetchObserver {
 public:
  Call(HttpCaller& owner, HttpDone done) : owner_(owner), done_(std::move(done)) {}
  void start(std::unique_ptr<core::client::Fetch> fetch) { fetch_ = std::move(fetch); }
  HttpDone take_done() { return std::move(done_); }

  void on_head(core::http::ResponseHead head) override {
    result_.status = head.status;
    if (auto source = head.headers.get("x-feed-source")) result_.source = std::string(*source);
  }
  void on_body(core::http::Chunk chunk) override {
    result_.body.append(chunk.bytes);
    fetch_->resume();
  }
  // Both end the call, which destroys this observer: nothing may follow them here.
  void on_complete() override { owner_.finish(this, std::move(result_)); }
  void on_error(core::client::FetchError error) override {
    result_.error = error;
    result_.status = 0;
    owner_.finish(this, std::move(result_));
  }

 private:
  HttpCaller& owner_;
  HttpDone done_;
  HttpResult result_;
  std::unique_ptr<core::client::Fetch> fetch_;
};

std::unique_ptr<HttpCaller> HttpCaller::create(event_base* loop, std::string_view origin_url) {
  core::client::OriginOptions options;
  options.max_idle_connections = 1'024;
  options.read_timeout = std::chrono::milliseconds(10'000);
  auto client = core::client::OriginClient::create(loop, origin_url, options);
  if (!client) return nullptr;
  return std::unique_ptr<HttpCaller>(new HttpCaller(std::move(client)));
}

HttpCaller::HttpCaller(std::unique_ptr<core::client::OriginClient> client)
    : client_(std::move(client)) {}

HttpCaller::~HttpCaller() = default;

void HttpCaller::cancel_all() {
  calls_.clear();
}

void HttpCaller::get(std::string target, HttpDone done) {
  core::http::Request request;
  request.method = "GET";
  request.target = std::move(target);
  send(std::move(request), std::move(done));
}

void HttpCaller::post_json(std::string target, std::string body, HttpDone done) {
  core::http::Request request;
  request.method = "POST";
  request.target = std::move(target);
  request.headers.add("content-type", "application/json");
  request.body = std::move(body);
  send(std::move(request), std::move(done));
}

void HttpCaller::send(core::http::Request request, HttpDone done) {
  auto call = std::make_unique<Call>(*this, std::move(done));
  Call* raw = call.get();
  calls_.emplace(raw, std::move(call));
  raw->start(client_->fetch(request, *raw));
}

void HttpCaller::finish(Call* call, HttpResult result) {
  auto node = calls_.extract(call);
  HttpDone done = call->take_done();
  // We are inside the fetch's callback, where core::client allows destroying it.
  node = {};
  done(std::move(result));
}

}  // namespace bench::feed
