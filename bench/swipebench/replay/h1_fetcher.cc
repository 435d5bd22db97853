// H1Fetcher: an observer per request counts the body (keeping it only for playlists) and asks
// for the next chunk at once: the replay reads as fast as the network gives.
#include "bench/swipebench/replay/h1_fetcher.h"

#include "core/client/origin_url.h"

namespace swipebench::replay {
namespace {

class H1Request final : public FetchHandle, public core::client::FetchObserver {
 public:
  H1Request(bool keep_body, FetchDone done) : keep_body_(keep_body), done_(std::move(done)) {}
  void start(core::client::OriginClient& client, const core::http::Request& request) {
    fetch_ = client.fetch(request, *this);
  }
  void on_head(core::http::ResponseHead head) override {
    reply_.status = head.status;
    reply_.x_cache = std::string(head.headers.get("x-cache").value_or(""));
  }
  void on_body(core::http::Chunk chunk) override {
    reply_.bytes += chunk.size();
    if (keep_body_) reply_.body.append(chunk.bytes);
    fetch_->resume();
  }
  void on_complete() override { finish(std::move(reply_)); }
  void on_error(core::client::FetchError error) override {
    using core::client::FetchError;
    switch (error) {
      case FetchError::kConnect:
        return finish(std::unexpected(FetchFailure::kConnect));
      case FetchError::kTimeout:
        return finish(std::unexpected(FetchFailure::kTimeout));
      case FetchError::kReset:
      case FetchError::kLengthMismatch:
        return finish(std::unexpected(FetchFailure::kReset));
      default:
        return finish(std::unexpected(FetchFailure::kBadResponse));
    }
  }

 private:
  void finish(FetchResult result) {
    // `done` may destroy this request: take it first.
    auto done = std::move(done_);
    if (done) done(std::move(result));
  }
  bool keep_body_;
  FetchDone done_;
  FetchReply reply_;
  std::unique_ptr<core::client::Fetch> fetch_;
};

}  // namespace

std::unique_ptr<H1Fetcher> H1Fetcher::create(event_base* loop, const std::string& target_url,
                                             const ConnectionOptions& options, std::string& error) {
  if (auto parsed = core::client::parse_origin_url(target_url); !parsed) {
    error = parsed.error();
    return nullptr;
  }
  core::client::OriginOptions o;
  o.connect_timeout = options.connect_timeout;
  o.read_timeout = options.request_timeout;
  o.max_idle_connections = 1;
  auto client = core::client::OriginClient::create(loop, target_url, o);
  if (!client) {
    error = "not an http://IP:port URL";
    return nullptr;
  }
  return std::unique_ptr<H1Fetcher>(new H1Fetcher(std::move(client), options.forwarded_for));
}

std::unique_ptr<FetchHandle> H1Fetcher::get(std::string target, bool keep_body, FetchDone done) {
  core::http::Request request;
  request.method = "GET";
  request.target = std::move(target);
  request.headers.add("user-agent", "swipebench");
  if (!forwarded_for_.empty()) request.headers.add("x-forwarded-for", forwarded_for_);
  auto handle = std::make_unique<H1Request>(keep_body, std::move(done));
  handle->start(*client_, request);
  return handle;
}

}  // namespace swipebench::replay
