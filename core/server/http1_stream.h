// One request on an HTTP/1.1 connection as the handler sees it, and the write side of its
// response: the head with the framing the codec chooses, body chunks pulled one at a time
// while the output buffer is below its high watermark, added by reference (zero copy), or as
// file spans that a cleartext connection sends with sendfile.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "core/http/stream.h"
#include "core/metrics/registry.h"
#include "core/server/http1_response.h"

namespace core::server {

class Http1Codec;

class Http1Stream final : public http::Stream {
 public:
  // `keep_alive`: the connection may stay open after this response (the request allows it
  // and the server is not shutting down). `head_method`: the response has no body.
  Http1Stream(Http1Codec& codec, http::Request request, bool keep_alive, bool head_method);
  ~Http1Stream() override;
  Http1Stream(const Http1Stream&) = delete;
  Http1Stream& operator=(const Http1Stream&) = delete;

  const http::Request& request() const override { return request_; }
  event_base* loop() const override { return loop_; }
  void attach(std::unique_ptr<http::Exchange> exchange) override;
  void respond(http::ResponseHead head, bool has_body) override;
  void respond_shared(const http::SharedHead& head, std::span<const http::Header> extra,
                      http::Chunk body) override;
  void write(http::Chunk chunk, bool last) override;
  void abort() override;
  bool can_send_file() const override;

  // The output buffer drained: ask for the next chunk if the body is still being sent.
  void resume_body();
  // The status sent, 0 before respond().
  int status() const { return status_; }

 private:
  enum class State : uint8_t { kAwaitingHead, kSendingBody, kDone };

  struct Framed {
    ResponseFraming fields;
    bool send_body = false;  // a body follows the head
  };
  // Chooses the framing of a `status` response and readies the stream for its body.
  Framed frame(int status, std::optional<uint64_t> content_length, bool has_body,
               bool close_connection);
  void pump();
  void add_body_bytes(const http::Chunk& chunk);
  bool add_file_span(const http::Chunk& chunk);
  void finish();

  Http1Codec& codec_;
  event_base* loop_;
  http::Request request_;
  std::unique_ptr<http::Exchange> exchange_;
  // Exchanges replaced by attach(), kept until the stream ends: the one replaced may be the
  // caller of attach().
  std::vector<std::unique_ptr<http::Exchange>> replaced_;
  State state_ = State::kAwaitingHead;
  bool keep_alive_;
  bool head_method_;
  bool chunked_ = false;
  std::optional<uint64_t> remaining_;  // body bytes still owed under Content-Length
  bool write_pending_ = false;         // on_writable() was called; its write() has not come
  bool pumping_ = false;
  int status_ = 0;
  metrics::Gauge& open_streams_;
};

}  // namespace core::server
