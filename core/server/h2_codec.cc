// Http2Codec: the session's life on the transport: input batches, the send pump with its
// high watermark, handler dispatch after each batch, failures, GOAWAY and closing.
#include "core/server/h2_codec.h"

#include <event2/buffer.h>
#include <event2/bufferevent.h>

#include <utility>

#include "core/server/h2_session.h"
#include "core/server/h2_stream.h"

namespace core::server {
std::unique_ptr<Codec> make_http2_codec(Transport& transport,
                                        std::optional<std::string> upgrade_settings,
                                        std::optional<http::Request> upgraded) {
  return std::make_unique<Http2Codec>(transport, std::move(upgrade_settings), std::move(upgraded));
}

Http2Codec::Http2Codec(Transport& transport, std::optional<std::string> upgrade_settings,
                       std::optional<http::Request> upgraded)
    : transport_(transport),
      metrics_(transport.metrics()),
      guard_(transport.config().limits),
      timer_(evtimer_new(transport.loop(), &Http2Codec::on_timer, this)),
      stall_(evtimer_new(transport.loop(), &Http2Codec::on_stall, this)),
      kick_(event_new(transport.loop(), -1, 0, &Http2Codec::on_kick, this)),
      reap_(event_new(transport.loop(), -1, 0, &Http2Codec::on_reap, this)) {
  bufferevent* bev = transport_.bev();
  bufferevent_setwatermark(bev, EV_READ, 0, kInputHigh);
  bufferevent_setwatermark(bev, EV_WRITE, kOutputLow, 0);
  // Never closes from here: the transport is still installing this codec. The kick event
  // sends the SETTINGS, answers an upgraded request, or closes after a failure.
  if (!start(std::move(upgrade_settings), std::move(upgraded))) session_.reset();
  if (kick_) event_active(kick_.get(), EV_READ, 0);
}

Http2Codec::~Http2Codec() {
  // Exchanges first: they may still reference the session through their streams.
  streams_.clear();
  closed_streams_.clear();
  session_.reset();
}

bool Http2Codec::start(std::optional<std::string> upgrade_settings,
                       std::optional<http::Request> upgraded) {
  if (!timer_ || !stall_ || !kick_ || !reap_) return false;
  const Limits& limits = transport_.config().limits;
  session_ = make_http2_session(this, limits);
  if (!session_ || submit_server_settings(session_.get(), limits) != 0) return false;
  if (!upgrade_settings || !upgraded) return true;
  const std::optional<std::string> payload = decode_settings_header(*upgrade_settings);
  const bool head = upgraded->method == "HEAD";
  if (!payload ||
      nghttp2_session_upgrade2(session_.get(), reinterpret_cast<const uint8_t*>(payload->data()),
                               payload->size(), head ? 1 : 0, nullptr) != 0) {
    transport_.server_metrics().rejected("h2_bad_upgrade_settings");
    terminate(NGHTTP2_PROTOCOL_ERROR);
    return true;
  }
  // RFC 9113 3.2: the request that asked for the upgrade is answered on stream 1.
  auto stream = std::make_unique<Http2Stream>(*this, 1, std::move(*upgraded));
  nghttp2_session_set_stream_user_data(session_.get(), 1, stream.get());
  streams_.emplace(1, std::move(stream));
  metrics_.stream_opened();
  ready_.push_back(1);
  return true;
}

evbuffer* Http2Codec::output() {
  return bufferevent_get_output(transport_.bev());
}

std::string_view Http2Codec::date() {
  return date_.at(transport_.clock().unix_seconds());
}

Http2Stream* Http2Codec::find(int32_t stream_id) {
  const auto it = streams_.find(stream_id);
  return it == streams_.end() ? nullptr : it->second.get();
}

void Http2Codec::on_kick(evutil_socket_t, short, void* arg) {
  auto* self = static_cast<Http2Codec*>(arg);
  if (self->closed_ || self->closing_) return;
  if (!self->session_) {
    self->close_now();
    return;
  }
  self->dispatch();
  self->after_io();
}

void Http2Codec::on_reap(evutil_socket_t, short, void* arg) {
  static_cast<Http2Codec*>(arg)->closed_streams_.clear();
}

void Http2Codec::on_read() {
  if (closed_ || closing_ || !session_) return;
  receive();
  if (closed_) return;
  dispatch();
  after_io();
}

void Http2Codec::on_write_drained() {
  // Input may have waited for the output to drain (see receive()).
  on_read();
}

void Http2Codec::on_peer_closed() {
  closed_ = true;
  stop_timers();
}

bool Http2Codec::idle() const {
  if (closed_) return true;
  bufferevent* bev = transport_.bev();
  return streams_.empty() && closed_streams_.empty() &&
         (!session_ || nghttp2_session_want_write(session_.get()) == 0) &&
         evbuffer_get_length(bufferevent_get_input(bev)) == 0 &&
         evbuffer_get_length(bufferevent_get_output(bev)) == 0;
}

void Http2Codec::receive() {
  evbuffer* in = bufferevent_get_input(transport_.bev());
  ++busy_;
  int error = 0;
  while (!closed_ && !closing_ && !terminating_) {
    // A client that does not read its answers gets no more of its input processed.
    if (evbuffer_get_length(output()) >= kOutputHigh) break;
    evbuffer_iovec segment{};
    if (evbuffer_peek(in, -1, nullptr, &segment, 1) < 1 || segment.iov_len == 0) break;
    const ssize_t n = nghttp2_session_mem_recv(
        session_.get(), static_cast<const uint8_t*>(segment.iov_base), segment.iov_len);
    if (n < 0) {
      error = static_cast<int>(n);
      break;
    }
    evbuffer_drain(in, static_cast<size_t>(n));
  }
  --busy_;
  if (terminating_) evbuffer_drain(in, evbuffer_get_length(in));
  if (error != 0) fail(error);
}

void Http2Codec::dispatch() {
  if (terminating_ || closed_) {
    ready_.clear();
    return;
  }
  ++busy_;
  std::vector<int32_t> ready = std::move(ready_);
  ready_.clear();
  // Streams reset in the same batch are gone from streams_: the handler never sees them.
  for (const int32_t id : ready) {
    if (closed_ || terminating_) break;
    if (Http2Stream* stream = find(id)) transport_.handler().on_request(*stream);
  }
  --busy_;
}

void Http2Codec::want_send() {
  send_wanted_ = true;
  if (busy_ == 0 && !pumping_) after_io();
}

void Http2Codec::chunk_wanted(int32_t id) {
  chunk_wanted_.push_back(id);
}

void Http2Codec::after_io() {
  pump();
  if (closed_ || closing_ || !session_) return;
  if (nghttp2_session_want_read(session_.get()) == 0 &&
      nghttp2_session_want_write(session_.get()) == 0) {
    // GOAWAY went out and no stream is left (or the session failed): finish writing, close.
    closing_ = true;
    stop_timers();
    transport_.close_when_flushed();
    return;
  }
  update_timers();
}

void Http2Codec::pump() {
  if (!session_ || closed_ || closing_ || pumping_ || busy_ > 0) return;
  pumping_ = true;
  do {
    send_wanted_ = false;
    if (!send()) break;
    ask_for_chunks();
  } while (send_wanted_ && !closed_ && !closing_);
  pumping_ = false;
}

bool Http2Codec::send() {
  evbuffer* out = output();
  while (evbuffer_get_length(out) < kOutputHigh) {
    const uint8_t* data = nullptr;
    const ssize_t n = nghttp2_session_mem_send(session_.get(), &data);
    if (n < 0) {
      // A GOAWAY may still go out; a second failure closes (see fail()).
      fail(static_cast<int>(n));
      if (closed_) return false;
      continue;
    }
    if (n == 0) break;
    if (evbuffer_add(out, data, static_cast<size_t>(n)) != 0) {
      close_now();
      return false;
    }
  }
  return !closed_;
}

void Http2Codec::ask_for_chunks() {
  if (chunk_wanted_.empty()) return;
  std::vector<int32_t> wanted = std::move(chunk_wanted_);
  chunk_wanted_.clear();
  for (const int32_t id : wanted) {
    if (closed_ || closing_ || terminating_) break;
    if (Http2Stream* stream = find(id)) stream->ask_for_chunk();
  }
}

void Http2Codec::fail(int nghttp2_error) {
  if (abuse_) {
    abuse(*abuse_);
  } else if (nghttp2_error == NGHTTP2_ERR_TOO_MANY_CONTINUATIONS) {
    abuse(Abuse::kContinuationFlood);
  } else if (nghttp2_error == NGHTTP2_ERR_FLOODED) {
    abuse(Abuse::kOutboundFlood);
  } else if (nghttp2_error == NGHTTP2_ERR_BAD_CLIENT_MAGIC || terminating_) {
    close_now();  // not HTTP/2, or failing again while saying goodbye: nothing more to say
  } else {
    transport_.server_metrics().rejected("h2_session_error");
    terminate(nghttp2_error == NGHTTP2_ERR_CALLBACK_FAILURE ? NGHTTP2_INTERNAL_ERROR
                                                            : NGHTTP2_PROTOCOL_ERROR);
  }
}

void Http2Codec::abuse(Abuse kind) {
  if (terminating_) return;
  transport_.server_metrics().http2_misbehaviour(to_label(kind));
  terminate(NGHTTP2_ENHANCE_YOUR_CALM);
}

void Http2Codec::terminate(uint32_t error_code) {
  if (terminating_ || closed_) return;
  terminating_ = true;
  ready_.clear();
  if (nghttp2_session_terminate_session(session_.get(), error_code) != 0) {
    close_now();
    return;
  }
  send_wanted_ = true;
}

void Http2Codec::close_now() {
  if (closed_) return;
  closed_ = true;
  stop_timers();
  transport_.close_now();
}

}  // namespace core::server
