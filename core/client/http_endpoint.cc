// Each call is a FetchObserver that gathers the body and hands the whole reply over once, then
// leaves the endpoint's table (destroying its Fetch, which core/client allows from a callback).
#include "core/client/http_endpoint.h"

namespace core::client {

class HttpEndpoint::Call final : public FetchObserver {
 public:
  Call(HttpEndpoint& endpoint, uint64_t id, HttpDone done)
      : endpoint_(endpoint), id_(id), done_(std::move(done)) {}

  void start(const core::http::Request& request) {
    fetch_ = endpoint_.client_->fetch(request, *this);
  }
  HttpDone take_done() { return std::move(done_); }

  void on_head(core::http::ResponseHead head) override { reply_.status = head.status; }
  void on_body(core::http::Chunk chunk) override {
    if (reply_.body.size() + chunk.bytes.size() > endpoint_.max_body_) {
      endpoint_.finish(id_, std::unexpected("response larger than " +
                                            std::to_string(endpoint_.max_body_) + " bytes"));
      return;
    }
    reply_.body.append(chunk.bytes);
    fetch_->resume();
  }
  void on_complete() override { endpoint_.finish(id_, std::move(reply_)); }
  void on_error(FetchError error) override {
    endpoint_.finish(id_, std::unexpected(std::string(to_string(error))));
  }

 private:
  HttpEndpoint& endpoint_;
  uint64_t id_;
  HttpDone done_;
  HttpReply reply_;
  std::unique_ptr<Fetch> fetch_;
};

std::expected<std::unique_ptr<HttpEndpoint>, std::string> HttpEndpoint::create(
    event_base* loop, std::string_view base_url, std::chrono::milliseconds timeout,
    size_t max_body) {
  OriginOptions options;
  options.connect_timeout = timeout;
  options.read_timeout = timeout;
  options.max_idle_connections = 4;
  auto client = OriginClient::create(loop, base_url, options);
  if (!client) return std::unexpected("not an http://IP:port URL: " + std::string(base_url));
  return std::unique_ptr<HttpEndpoint>(new HttpEndpoint(std::move(client), max_body));
}

HttpEndpoint::HttpEndpoint(std::unique_ptr<OriginClient> client, size_t max_body)
    : client_(std::move(client)), max_body_(max_body) {}

HttpEndpoint::~HttpEndpoint() = default;

void HttpEndpoint::call(const core::http::Request& request, HttpDone done) {
  const uint64_t id = next_id_++;
  calls_.emplace(id, std::make_unique<Call>(*this, id, std::move(done)))
      .first->second->start(request);
}

void HttpEndpoint::finish(uint64_t id, std::expected<HttpReply, std::string> result) {
  auto it = calls_.find(id);
  if (it == calls_.end()) return;
  HttpDone done = it->second->take_done();
  calls_.erase(it);
  done(std::move(result));
}

}  // namespace core::client
