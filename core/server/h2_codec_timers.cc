// Http2Codec's clocks: the idle and request-read timeouts, the stall timer that closes a
// connection whose client keeps its flow-control window shut, and the graceful shutdown.
#include <event2/buffer.h>

#include <algorithm>

#include "core/base/timeval.h"
#include "core/server/h2_codec.h"
#include "core/server/h2_stream.h"

namespace core::server {

void Http2Codec::update_timers() {
  if (closed_ || closing_ || terminating_) {
    stop_timers();
    return;
  }
  bool receiving = false;
  bool receiving_head = false;
  bool ready_data = false;
  for (const auto& [id, stream] : streams_) {
    receiving = receiving || stream->receiving();
    receiving_head = receiving_head || stream->receiving_head();
    ready_data = ready_data || stream->has_ready_data();
  }
  // Request frames restart the read timeouts; nothing else keeps a connection alive.
  if (receiving) {
    const TimerKind kind = receiving_head ? TimerKind::kHeaderRead : TimerKind::kBodyRead;
    if (timer_kind_ != kind || read_progress_) arm(kind);
  } else if (streams_.empty()) {
    if (timer_kind_ != TimerKind::kIdle || read_progress_) arm(TimerKind::kIdle);
  } else if (timer_kind_ != TimerKind::kNone) {
    timer_kind_ = TimerKind::kNone;
    event_del(timer_.get());
  }
  read_progress_ = false;

  // Body bytes are ready but no DATA frame went out: only the client's window (or its
  // reading) holds them. Each DATA frame sent restarts the wait.
  if (!ready_data) {
    stall_armed_ = false;
    event_del(stall_.get());
  } else if (!stall_armed_ || data_sent_) {
    stall_armed_ = true;
    const timeval tv = base::to_timeval(transport_.config().timeouts.write);
    event_add(stall_.get(), &tv);
  }
  data_sent_ = false;
}

void Http2Codec::stop_timers() {
  timer_kind_ = TimerKind::kNone;
  stall_armed_ = false;
  if (timer_) event_del(timer_.get());
  if (stall_) event_del(stall_.get());
}

void Http2Codec::arm(TimerKind kind) {
  const Timeouts& timeouts = transport_.config().timeouts;
  std::chrono::milliseconds after = timeouts.idle;
  if (kind == TimerKind::kHeaderRead) after = timeouts.header_read;
  if (kind == TimerKind::kBodyRead) after = timeouts.body_read;
  timer_kind_ = kind;
  const timeval tv = base::to_timeval(after);
  event_add(timer_.get(), &tv);
}

void Http2Codec::on_timer(evutil_socket_t, short, void* arg) {
  static_cast<Http2Codec*>(arg)->timed_out();
}

void Http2Codec::on_stall(evutil_socket_t, short, void* arg) {
  static_cast<Http2Codec*>(arg)->stalled();
}

void Http2Codec::timed_out() {
  if (closed_ || closing_ || terminating_) return;
  ServerMetrics& metrics = transport_.server_metrics();
  switch (timer_kind_) {
    case TimerKind::kIdle:
      // Nothing in flight: a polite GOAWAY, then close once it is written.
      metrics.timeout(TimeoutKind::kIdle);
      terminate(NGHTTP2_NO_ERROR);
      after_io();
      return;
    case TimerKind::kHeaderRead:
      metrics.timeout(TimeoutKind::kHeaderRead);
      break;
    case TimerKind::kBodyRead:
      metrics.timeout(TimeoutKind::kBodyRead);
      break;
    case TimerKind::kNone:
      return;
  }
  close_now();
}

void Http2Codec::stalled() {
  if (closed_ || closing_) return;
  transport_.server_metrics().timeout(TimeoutKind::kWrite);
  close_now();
}

void Http2Codec::begin_shutdown() {
  if (closed_ || closing_ || terminating_ || shutting_down_ || !session_) return;
  shutting_down_ = true;
  // RFC 9113 6.8: a GOAWAY announcing the end, then, one round trip later (the PING's
  // answer), the final one naming the last stream that will be served.
  nghttp2_submit_shutdown_notice(session_.get());
  nghttp2_submit_ping(session_.get(), NGHTTP2_FLAG_NONE,
                      reinterpret_cast<const uint8_t*>(kShutdownPing.data()));
  want_send();
}

void Http2Codec::final_goaway() {
  if (final_goaway_sent_ || terminating_) return;
  final_goaway_sent_ = true;
  nghttp2_submit_goaway(session_.get(), NGHTTP2_FLAG_NONE,
                        nghttp2_session_get_last_proc_stream_id(session_.get()), NGHTTP2_NO_ERROR,
                        nullptr, 0);
  want_send();
}

}  // namespace core::server
