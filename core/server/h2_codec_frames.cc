// Http2Codec's nghttp2 events: frames counted against the abuse limits as they begin,
// requests assembled from HEADERS and DATA, streams closed, frames sent counted.
#include <event2/buffer.h>

#include <cstring>

#include "core/server/h2_codec.h"
#include "core/server/h2_stream.h"

namespace core::server {
namespace {

// A header block larger than this cannot be a request within the limits, whatever HPACK did:
// past it the sender is flooding CONTINUATION frames rather than asking for something.
size_t max_header_block(const Limits& limits) {
  return 2 * limits.max_header_bytes + size_t{16} * 1024;
}

bool is_request_headers(const nghttp2_frame& frame) {
  return frame.hd.type == NGHTTP2_HEADERS && frame.headers.cat == NGHTTP2_HCAT_REQUEST;
}

}  // namespace

int Http2Codec::frame_begins(const nghttp2_frame_hd& hd) {
  const auto now = transport_.clock().now();
  const bool empty = hd.length == 0;
  std::optional<Abuse> flood;
  switch (hd.type) {
    case NGHTTP2_DATA:
      read_progress_ = true;
      if (empty && (hd.flags & NGHTTP2_FLAG_END_STREAM) == 0 &&
          guard_.count(Abuse::kEmptyFrameFlood, now)) {
        flood = Abuse::kEmptyFrameFlood;
      }
      break;
    case NGHTTP2_HEADERS:
    case NGHTTP2_CONTINUATION:
      read_progress_ = true;
      header_block_ = hd.type == NGHTTP2_HEADERS ? hd.length : header_block_ + hd.length;
      if (header_block_ > max_header_block(transport_.config().limits)) {
        flood = Abuse::kContinuationFlood;
      } else if (empty && guard_.count(Abuse::kEmptyFrameFlood, now)) {
        flood = Abuse::kEmptyFrameFlood;
      }
      break;
    case NGHTTP2_RST_STREAM:
      if (guard_.count(Abuse::kRapidReset, now)) flood = Abuse::kRapidReset;
      break;
    case NGHTTP2_SETTINGS:
      if ((hd.flags & NGHTTP2_FLAG_ACK) == 0 && guard_.count(Abuse::kSettingsFlood, now)) {
        flood = Abuse::kSettingsFlood;
      }
      break;
    case NGHTTP2_PING:
      if ((hd.flags & NGHTTP2_FLAG_ACK) == 0 && guard_.count(Abuse::kPingFlood, now)) {
        flood = Abuse::kPingFlood;
      }
      break;
    case NGHTTP2_PRIORITY:
      if (guard_.count(Abuse::kPriorityFlood, now)) flood = Abuse::kPriorityFlood;
      break;
    case NGHTTP2_WINDOW_UPDATE:
      if (guard_.window_update(now)) flood = Abuse::kWindowUpdateFlood;
      break;
    default:
      break;
  }
  if (!flood) return 0;
  // Stops the session mid-input: nothing after the abusive frame is processed.
  abuse_ = flood;
  return NGHTTP2_ERR_CALLBACK_FAILURE;
}

int Http2Codec::headers_begin(const nghttp2_frame& frame) {
  if (!is_request_headers(frame)) return 0;
  const int32_t id = frame.hd.stream_id;
  auto stream = std::make_unique<Http2Stream>(*this, id);
  nghttp2_session_set_stream_user_data(session_.get(), id, stream.get());
  streams_.insert_or_assign(id, std::move(stream));
  metrics_.stream_opened();
  return 0;
}

int Http2Codec::header(const nghttp2_frame& frame, std::string_view name, std::string_view value) {
  // Trailers carry nothing the handlers use: only their end matters (frame_received).
  if (!is_request_headers(frame)) return 0;
  if (Http2Stream* stream = find(frame.hd.stream_id)) stream->add_field(name, value);
  return 0;
}

int Http2Codec::frame_received(const nghttp2_frame& frame) {
  const bool end_stream = (frame.hd.flags & NGHTTP2_FLAG_END_STREAM) != 0;
  switch (frame.hd.type) {
    case NGHTTP2_HEADERS: {
      Http2Stream* stream = find(frame.hd.stream_id);
      if (stream == nullptr) break;
      const bool complete = frame.headers.cat == NGHTTP2_HCAT_REQUEST
                                ? stream->head_done(end_stream)
                                : end_stream && stream->body_done();
      if (complete) ready_.push_back(frame.hd.stream_id);
      break;
    }
    case NGHTTP2_DATA: {
      Http2Stream* stream = find(frame.hd.stream_id);
      if (stream != nullptr && end_stream && stream->body_done()) {
        ready_.push_back(frame.hd.stream_id);
      }
      break;
    }
    case NGHTTP2_RST_STREAM:
      metrics_.reset_received(frame.rst_stream.error_code);
      break;
    case NGHTTP2_PING:
      if ((frame.hd.flags & NGHTTP2_FLAG_ACK) != 0 && shutting_down_ &&
          std::memcmp(frame.ping.opaque_data, kShutdownPing.data(), kShutdownPing.size()) == 0) {
        final_goaway();
      }
      break;
    default:
      break;
  }
  return 0;
}

int Http2Codec::data_received(int32_t stream_id, std::string_view data) {
  if (Http2Stream* stream = find(stream_id)) stream->add_body(data);
  return 0;
}

int Http2Codec::stream_closed(int32_t stream_id, uint32_t) {
  const auto it = streams_.find(stream_id);
  if (it == streams_.end()) return 0;
  it->second->closed();
  closed_streams_.push_back(std::move(it->second));
  streams_.erase(it);
  metrics_.stream_closed();
  event_active(reap_.get(), EV_READ, 0);
  return 0;
}

int Http2Codec::frame_sent(const nghttp2_frame& frame) {
  switch (frame.hd.type) {
    case NGHTTP2_RST_STREAM:
      metrics_.reset_sent(frame.rst_stream.error_code);
      break;
    case NGHTTP2_GOAWAY:
      metrics_.goaway_sent(frame.goaway.error_code);
      break;
    case NGHTTP2_DATA:
      data_sent_ = true;
      guard_.data_frame_sent();
      break;
    default:
      break;
  }
  if ((frame.hd.type == NGHTTP2_HEADERS || frame.hd.type == NGHTTP2_DATA) &&
      (frame.hd.flags & NGHTTP2_FLAG_END_STREAM) != 0) {
    if (Http2Stream* stream = find(frame.hd.stream_id)) stream->response_sent();
  }
  return 0;
}

int Http2Codec::send_data(const nghttp2_frame&, const uint8_t* framehd, size_t length,
                          Http2Stream& stream) {
  if (!stream.send_data(framehd, length)) return NGHTTP2_ERR_CALLBACK_FAILURE;
  // The frame is out; framing stops here until the client has read some of it.
  if (evbuffer_get_length(output()) >= kOutputHigh) return NGHTTP2_ERR_PAUSE;
  return 0;
}

}  // namespace core::server
