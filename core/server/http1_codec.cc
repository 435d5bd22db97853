// Http1Codec: the read side of an HTTP/1.1 connection (heads, bodies, errors, timeouts) and
// the sequencing of requests on it.
#include "core/server/http1_codec.h"

#include <event2/buffer.h>
#include <event2/bufferevent.h>

#include <algorithm>
#include <utility>

#include "core/base/timeval.h"
#include "core/server/http1_request.h"
#include "core/server/http1_response.h"
#include "core/server/http1_stream.h"

namespace core::server {
namespace {

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
constexpr std::string_view kSwitchToH2c =
    "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n";
// Input read beyond the head window while a response is out (pipelined requests, a body).
constexpr size_t kExtraInput = size_t{16} * 1024;

http1::Limits parser_limits(const Limits& limits) {
  http1::Limits out;
  out.max_start_line = limits.max_request_line;
  out.max_head_bytes = limits.max_header_bytes;
  out.max_fields = limits.max_headers;
  out.max_body = limits.max_request_body;
  return out;
}

}  // namespace

std::unique_ptr<Codec> make_http1_codec(Transport& transport) {
  return std::make_unique<Http1Codec>(transport);
}

Http1Codec::Http1Codec(Transport& transport)
    : transport_(transport),
      parser_(parser_limits(transport.config().limits)),
      body_(parser_limits(transport.config().limits)),
      head_window_(std::max(transport.config().limits.max_header_bytes,
                            transport.config().limits.max_request_line) +
                   1),
      timer_(evtimer_new(transport.loop(), &Http1Codec::on_timer, this)),
      resume_(event_new(transport.loop(), -1, 0, &Http1Codec::on_resume, this)) {
  bufferevent* bev = transport_.bev();
  // Input is bounded: a head, or body and pipelined bytes up to the same size, then reading
  // pauses until the codec consumes some.
  bufferevent_setwatermark(bev, EV_READ, 0, head_window_ + kExtraInput);
  bufferevent_setwatermark(bev, EV_WRITE, kOutputLowWatermark, 0);
  // A connection that never sends a byte (after a TLS handshake, say) is idle from now.
  arm(transport_.config().timeouts.idle, TimeoutKind::kIdle);
}

Http1Codec::~Http1Codec() = default;

evbuffer* Http1Codec::input() {
  return bufferevent_get_input(transport_.bev());
}

size_t Http1Codec::output_size() {
  return evbuffer_get_length(bufferevent_get_output(transport_.bev()));
}

std::string_view Http1Codec::date() {
  return date_.at(transport_.clock().unix_seconds());
}

void Http1Codec::on_read() {
  if (phase_ != Phase::kResponding) process();
}

void Http1Codec::on_write_drained() {
  if (stream_ && !closed_) stream_->resume_body();
}

void Http1Codec::on_peer_closed() {
  closed_ = true;
  event_del(timer_.get());
}

bool Http1Codec::on_input_ended() {
  input_ended_ = true;
  // What already arrived is answered; process() closes once nothing is left.
  return phase_ == Phase::kResponding && !closed_;
}

void Http1Codec::begin_shutdown() {
  shutting_down_ = true;
  if (closed_ || closing_) return;
  if (phase_ == Phase::kIdle && evbuffer_get_length(input()) == 0) close_after_flush();
}

bool Http1Codec::idle() const {
  bufferevent* bev = transport_.bev();
  return phase_ == Phase::kIdle && !stream_ && !finished_ &&
         evbuffer_get_length(bufferevent_get_input(bev)) == 0 &&
         evbuffer_get_length(bufferevent_get_output(bev)) == 0;
}

void Http1Codec::process() {
  while (!closed_ && !closing_ && phase_ != Phase::kResponding) {
    if (phase_ == Phase::kIdle) {
      if (evbuffer_get_length(input()) == 0) {
        if (shutting_down_ || input_ended_) {
          close_after_flush();
        } else {
          arm(transport_.config().timeouts.idle, TimeoutKind::kIdle);
        }
        return;
      }
      phase_ = Phase::kHead;
      head_started_ = transport_.clock().now();
      head_timed_ = false;
    }
    const bool progressed = phase_ == Phase::kHead ? read_head() : read_body();
    if (!progressed) {
      // An incomplete request from a peer that will send nothing more cannot be answered.
      if (input_ended_ && !closed_ && !closing_ && phase_ != Phase::kResponding) {
        close_after_flush();
      } else if (phase_ == Phase::kHead && !head_timed_ && !closed_ && !closing_) {
        // Armed once, in the pass the head began: more bytes do not restart the clock. A head
        // that came whole, as most do, never needs the timer.
        head_timed_ = true;
        arm(transport_.config().timeouts.header_read, TimeoutKind::kHeaderRead);
      }
      return;
    }
  }
}

bool Http1Codec::read_head() {
  evbuffer* in = input();
  const size_t n = std::min(evbuffer_get_length(in), head_window_);
  const auto* data = reinterpret_cast<const char*>(evbuffer_pullup(in, static_cast<ssize_t>(n)));
  const auto progress = parser_.parse(std::string_view(data, data == nullptr ? 0 : n));
  if (!progress) {
    reject(progress.error());
    return false;
  }
  if (!progress->complete) return false;

  const http1::RequestHead& head = parser_.head();
  request_ = make_http1_request(head, transport_.info(), transport_.clock().now());
  keep_alive_ = head.keep_alive;
  head_method_ = head.method == http1::Method::kHead;
  upgrade_settings_.reset();
  if (head.upgrade_h2c) upgrade_settings_ = std::string(head.http2_settings);
  // RFC 9110 10.1.1: an HTTP/1.1 expectation other than 100-continue cannot be met.
  const bool unmet_expectation =
      head.version_minor == 1 && !head.expect_continue && head.fields.find("expect");
  const bool expect_continue = head.expect_continue;
  const http1::BodyFraming framing = head.framing;
  const uint64_t length = head.content_length;
  evbuffer_drain(in, progress->consumed);
  parser_.reset();

  if (unmet_expectation) {
    refuse(417, "unsupported_expectation");
    return false;
  }
  const bool has_body = framing == http1::BodyFraming::kChunked ||
                        (framing == http1::BodyFraming::kContentLength && length > 0);
  if (!has_body) {
    dispatch();
    return true;
  }
  body_.reset(framing, length);
  if (expect_continue) {
    evbuffer_add(bufferevent_get_output(transport_.bev()), kContinue.data(), kContinue.size());
  }
  phase_ = Phase::kBody;
  arm(transport_.config().timeouts.body_read, TimeoutKind::kBodyRead);
  return true;
}

bool Http1Codec::read_body() {
  evbuffer* in = input();
  for (;;) {
    const size_t available = evbuffer_get_length(in);
    if (available == 0) return false;
    // The read watermark bounds what is buffered, so this pullup stays small.
    const auto* data =
        reinterpret_cast<const char*>(evbuffer_pullup(in, static_cast<ssize_t>(available)));
    const auto step = body_.decode(std::string_view(data, available));
    if (!step) {
      reject(step.error());
      return false;
    }
    request_.body.append(step->data);
    evbuffer_drain(in, step->consumed);
    if (step->done) {
      dispatch();
      return true;
    }
    if (step->consumed == 0) return false;
    arm(transport_.config().timeouts.body_read, TimeoutKind::kBodyRead);
  }
}

void Http1Codec::dispatch() {
  event_del(timer_.get());
  if (upgrade_settings_ && !transport_.info().tls && request_.body.empty() && !shutting_down_) {
    upgrade_to_http2();
    return;
  }
  phase_ = Phase::kResponding;
  stream_ = std::make_unique<Http1Stream>(*this, std::move(request_),
                                          keep_alive_ && !shutting_down_, head_method_);
  transport_.handler().on_request(*stream_);
}

void Http1Codec::upgrade_to_http2() {
  evbuffer_add(bufferevent_get_output(transport_.bev()), kSwitchToH2c.data(), kSwitchToH2c.size());
  // From here the HTTP/2 codec owns the connection; this one only waits to be destroyed.
  closed_ = true;
  request_.protocol = http::Protocol::kHttp2;
  std::optional<std::string> settings = std::move(upgrade_settings_);
  transport_.switch_codec(make_http2_codec(transport_, std::move(settings), std::move(request_)));
}

void Http1Codec::response_finished(Http1Stream& stream, bool keep_alive) {
  transport_.server_metrics().request_done(WireProtocol::kHttp1, stream.status(),
                                           transport_.clock().now() - stream.request().received);
  finished_ = std::move(stream_);
  if (!keep_alive || shutting_down_) close_after_flush();
  event_active(resume_.get(), EV_READ, 0);
}

void Http1Codec::abort_connection() {
  if (closed_) return;
  close_now();
}

void Http1Codec::reject(http1::Error error) {
  refuse(http1::status_code(error), http1::reason_name(error));
}

void Http1Codec::refuse(int status, std::string_view reason) {
  ServerMetrics& metrics = transport_.server_metrics();
  metrics.rejected(reason);
  metrics.request_done(WireProtocol::kHttp1, status, transport_.clock().now() - head_started_);
  std::string body(http::reason_phrase(status));
  body.append(" (").append(reason).append(")\n");
  const std::string response =
      make_error_response(status, body, date(), transport_.config().server_name);
  evbuffer_add(bufferevent_get_output(transport_.bev()), response.data(), response.size());
  close_after_flush();
}

void Http1Codec::close_after_flush() {
  if (closing_ || closed_) return;
  closing_ = true;
  event_del(timer_.get());
  transport_.close_when_flushed();
}

void Http1Codec::close_now() {
  closed_ = true;
  event_del(timer_.get());
  transport_.close_now();
}

void Http1Codec::arm(std::chrono::milliseconds after, TimeoutKind kind) {
  timer_kind_ = kind;
  const timeval tv = base::to_timeval(after);
  event_add(timer_.get(), &tv);
}

void Http1Codec::on_timer(evutil_socket_t, short, void* arg) {
  static_cast<Http1Codec*>(arg)->timed_out();
}

void Http1Codec::timed_out() {
  if (closed_) return;
  transport_.server_metrics().timeout(timer_kind_);
  close_now();
}

void Http1Codec::on_resume(evutil_socket_t, short, void* arg) {
  static_cast<Http1Codec*>(arg)->resume();
}

void Http1Codec::resume() {
  finished_.reset();
  if (closed_ || closing_) return;
  phase_ = Phase::kIdle;
  process();
}

}  // namespace core::server
