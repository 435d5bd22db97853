// The HTTP/1.1 codec: reads requests one at a time (pipelined ones wait in the input buffer
// until the current response is finished), collects bounded bodies, answers parser errors
// itself, enforces the read timeouts, and hands each request to the handler as an
// Http1Stream. h2c Upgrade requests are answered with 101 and the connection handed on.
#pragma once

#include <event2/buffer.h>
#include <event2/event.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/unique_handle.h"
#include "core/http1/body_decoder.h"
#include "core/http1/request_parser.h"
#include "core/server/codec.h"
#include "core/server/http_date.h"

namespace core::server {

class Http1Stream;

// Output above this is enough: no body chunk is asked for until the client reads some.
inline constexpr size_t kOutputHighWatermark = size_t{256} * 1024;
// The transport reports drained output (on_write_drained) once it is at most this.
inline constexpr size_t kOutputLowWatermark = size_t{64} * 1024;

class Http1Codec final : public Codec {
 public:
  explicit Http1Codec(Transport& transport);
  ~Http1Codec() override;
  Http1Codec(const Http1Codec&) = delete;
  Http1Codec& operator=(const Http1Codec&) = delete;

  void on_read() override;
  void on_write_drained() override;
  void on_peer_closed() override;
  bool on_input_ended() override;
  void begin_shutdown() override;
  bool idle() const override;

  // For the stream being answered.
  Transport& transport() { return transport_; }
  // Closed or handed to another codec: streams must not touch the connection any more.
  bool closed() const { return closed_; }
  std::string_view date();
  size_t output_size();
  // An empty string to serialize a response head into; it keeps its capacity between
  // responses, so heads cost no allocation.
  std::string& head_buffer() {
    head_buffer_.clear();
    return head_buffer_;
  }
  // The stream's response is complete; the connection stays open for the next request
  // only with `keep_alive`.
  void response_finished(Http1Stream& stream, bool keep_alive);
  // The stream ended abnormally: the connection closes now, truncating the response.
  void abort_connection();

 private:
  enum class Phase : uint8_t {
    kIdle,        // between requests
    kHead,        // a request head has started arriving
    kBody,        // reading the body of a complete head
    kResponding,  // a stream is out; input waits
  };

  static void on_timer(evutil_socket_t fd, short what, void* arg);
  static void on_resume(evutil_socket_t fd, short what, void* arg);

  evbuffer* input();
  void process();
  bool read_head();
  bool read_body();
  void dispatch();
  void upgrade_to_http2();
  void reject(http1::Error error);
  void refuse(int status, std::string_view reason);
  void close_after_flush();
  void close_now();
  void arm(std::chrono::milliseconds after, TimeoutKind kind);
  void timed_out();
  void resume();

  Transport& transport_;
  http1::RequestParser parser_;
  http1::BodyDecoder body_;
  size_t head_window_;  // bytes the parser needs to see to decide on the largest head
  Phase phase_ = Phase::kIdle;
  // The request being read, until it becomes a stream.
  http::Request request_;
  bool keep_alive_ = true;
  bool head_method_ = false;
  std::optional<std::string> upgrade_settings_;
  std::chrono::steady_clock::time_point head_started_;
  bool head_timed_ = false;                // the head being read has its timer armed
  std::unique_ptr<Http1Stream> stream_;    // the request being answered
  std::unique_ptr<Http1Stream> finished_;  // answered; destroyed from the resume event
  base::UniqueHandle<event, event_free> timer_;
  base::UniqueHandle<event, event_free> resume_;
  TimeoutKind timer_kind_ = TimeoutKind::kIdle;
  HttpDate date_;
  std::string head_buffer_;
  bool closing_ = false;  // closes once flushed: no further requests
  bool closed_ = false;
  bool shutting_down_ = false;
  bool input_ended_ = false;
};

}  // namespace core::server
