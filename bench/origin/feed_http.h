// Whole-response HTTP/1.1 calls for the feed benchmark over core::client's keep-alive pool:
// each call gets its status and body (Content-Length or chunked, decoded by the client) in one
// callback on the loop. Concurrent calls open as many connections as they need.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/client/origin_client.h"

struct event_base;

namespace bench::feed {

struct HttpResult {
  int status = 0;  // 0 when the call failed
  std::string body;
  std::string source;  // the x-feed-source header, when present
  std::optional<core::client::FetchError> error;
};
using HttpDone = std::function<void(HttpResult)>;

class HttpCaller {
 public:
  // nullptr when `origin_url` ("http://127.0.0.1:PORT") is not valid.
  static std::unique_ptr<HttpCaller> create(event_base* loop, std::string_view origin_url);
  ~HttpCaller();

  void get(std::string target, HttpDone done);
  void post_json(std::string target, std::string body, HttpDone done);
  std::size_t in_flight() const { return calls_.size(); }
  // Drops every call still waiting; their callbacks never run (a phase ending with stragglers,
  // whose callbacks would refer to the phase's state).
  void cancel_all();
  std::size_t idle_connections() const { return client_->idle_connections(); }

 private:
  class Call;
  explicit HttpCaller(std::unique_ptr<core::client::OriginClient> client);
  void send(core::http::Request request, HttpDone done);
  void finish(Call* call, HttpResult result);

  std::unique_ptr<core::client::OriginClient> client_;
  std::unordered_map<Call*, std::unique_ptr<Call>> calls_;
};

}  // namespace bench::feed
