// Small whole-response HTTP/1.1 exchanges with one server (an origin's feeds, an edge's admin
// API or health check, controld's API), over OriginClient's keep-alive pool on one event loop.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/client/origin_client.h"
#include "core/http/message.h"

struct event_base;

namespace core::client {

struct HttpReply {
  int status = 0;
  std::string body;
};
// The reply, or why there is none ("connect", "timeout", "too large", ...).
using HttpDone = std::function<void(std::expected<HttpReply, std::string>)>;

class HttpEndpoint {
 public:
  // An endpoint at `base_url` ("http://127.0.0.1:8081"); the error says why the URL is not
  // one. Requests time out after `timeout` without bytes; bodies beyond `max_body` fail.
  static std::expected<std::unique_ptr<HttpEndpoint>, std::string> create(
      event_base* loop, std::string_view base_url, std::chrono::milliseconds timeout,
      size_t max_body = size_t{4} << 20);
  ~HttpEndpoint();
  HttpEndpoint(const HttpEndpoint&) = delete;
  HttpEndpoint& operator=(const HttpEndpoint&) = delete;

  // Sends `request` (its target, method, headers and body); `done` runs later on the loop,
  // never inside this call, unless the endpoint is destroyed first: then never.
  void call(const core::http::Request& request, HttpDone done);

 private:
  class Call;
  HttpEndpoint(std::unique_ptr<core::client::OriginClient> client, size_t max_body);
  void finish(uint64_t id, std::expected<HttpReply, std::string> result);

  std::unique_ptr<core::client::OriginClient> client_;
  size_t max_body_;
  uint64_t next_id_ = 0;
  std::map<uint64_t, std::unique_ptr<Call>> calls_;  // in flight
};

}  // namespace core::client
