// One HTTP/2 stream as the handler sees it: the request collected from HEADERS and DATA
// frames, and the response pulled one chunk at a time through an nghttp2 data provider.
// DATA frames reference the chunk's bytes in the output buffer (no copy) and nghttp2 never
// sends more than the client's flow-control window allows.
#pragma once

#include <nghttp2/nghttp2.h>
#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "core/http/stream.h"
#include "core/metrics/registry.h"
#include "core/server/h2_request.h"

namespace core::server {

class Http2Codec;

class Http2Stream final : public http::Stream {
 public:
  Http2Stream(Http2Codec& codec, int32_t id);
  // An h2c upgrade: stream 1 carries the HTTP/1.1 request that asked for it.
  Http2Stream(Http2Codec& codec, int32_t id, http::Request upgraded);
  ~Http2Stream() override;
  Http2Stream(const Http2Stream&) = delete;
  Http2Stream& operator=(const Http2Stream&) = delete;

  // http::Stream.
  const http::Request& request() const override { return request_; }
  event_base* loop() const override { return loop_; }
  void attach(std::unique_ptr<http::Exchange> exchange) override;
  void respond(http::ResponseHead head, bool has_body) override;
  void write(http::Chunk chunk, bool last) override;
  void abort() override;

  // Request side, driven by the codec's frame callbacks.
  int32_t id() const { return id_; }
  void add_field(std::string_view name, std::string_view value) { builder_.add(name, value); }
  // The header block ended. True when the request is whole (`end_stream`) and may go to the
  // handler; otherwise the stream answered or reset itself, or waits for its body.
  bool head_done(bool end_stream);
  // Request body bytes; past Limits::max_request_body the stream answers 413 itself.
  void add_body(std::string_view data);
  // The body ended. True when the request may go to the handler.
  bool body_done();
  bool receiving() const { return phase_ == Phase::kHead || phase_ == Phase::kBody; }
  bool receiving_head() const { return phase_ == Phase::kHead; }

  // Response side, driven by the codec.
  // The chunk asked for by the data provider, once the session is not in a callback.
  void ask_for_chunk();
  // The data provider: bytes of the current chunk nghttp2 may frame now, or DEFERRED.
  ssize_t read_data(size_t length, uint32_t* flags);
  // Writes the next `length` bytes of the chunk after the DATA frame header `framehd`.
  bool send_data(const uint8_t* framehd, size_t length);
  // The frame with END_STREAM went out: the response is complete.
  void response_sent();
  // The body waits on nghttp2 rather than on the exchange: only the peer's window or the
  // socket holds it back.
  bool has_ready_data() const;
  // The nghttp2 stream is gone; nothing may be sent on it any more.
  void closed() { closed_ = true; }

 private:
  enum class Phase : uint8_t {
    kHead,         // HEADERS/CONTINUATION arriving
    kBody,         // DATA arriving
    kHandling,     // with the handler, before respond()
    kSendingBody,  // response head submitted, body pulled chunk by chunk
    kDone,         // response complete, answered by the codec, or reset
  };

  void answer(int status, std::string_view reason);
  void reset(uint32_t error_code);
  bool usable() const;

  Http2Codec& codec_;
  event_base* loop_;
  int32_t id_;
  Http2RequestBuilder builder_;
  http::Request request_;
  std::unique_ptr<http::Exchange> exchange_;
  // Exchanges replaced by attach(), kept until the stream ends: one may be attach()'s caller.
  std::vector<std::unique_ptr<http::Exchange>> replaced_;
  Phase phase_ = Phase::kHead;
  bool closed_ = false;
  bool head_method_ = false;
  int status_ = 0;
  std::optional<uint64_t> remaining_;  // response body bytes owed under Content-Length
  http::Chunk chunk_;                  // the chunk being framed
  size_t framed_ = 0;                  // bytes of chunk_ handed to nghttp2
  size_t sent_ = 0;                    // bytes of chunk_ written to the output buffer
  bool last_ = false;                  // chunk_ ends the body
  bool eof_framed_ = false;            // the provider has reported the end of the body
  bool write_pending_ = false;         // on_writable() called, its write() not come yet
  bool deferred_ = false;              // the provider returned DEFERRED
  metrics::Gauge& open_streams_;
};

}  // namespace core::server
