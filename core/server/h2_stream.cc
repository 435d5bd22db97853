// Http2Stream: the request phases of one stream, the answers the codec gives by itself
// (400, 413, 431, 501, resets), and the pull loop of the response body.
#include "core/server/h2_stream.h"

#include <event2/buffer.h>

#include <charconv>
#include <string>
#include <utility>

#include "core/server/h2_callbacks.h"
#include "core/server/h2_codec.h"
#include "core/server/h2_response.h"

namespace core::server {
namespace {

// Smaller pieces are copied: cheaper than a buffer chain entry and a reference.
constexpr size_t kCopyBelow = 1024;
constexpr size_t kFrameHeaderSize = 9;

void release_owner(const void*, size_t, void* owner) {
  delete static_cast<std::shared_ptr<const void>*>(owner);
}

std::optional<uint64_t> declared_length(const http::Request& request) {
  const auto text = request.headers.get("content-length");
  if (!text) return std::nullopt;
  uint64_t value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size()) return std::nullopt;
  return value;
}

}  // namespace

Http2Stream::Http2Stream(Http2Codec& codec, int32_t id)
    : codec_(codec),
      loop_(codec.transport().loop()),
      id_(id),
      builder_(codec.transport().config().limits),
      open_streams_(codec.transport().server_metrics().streams_open(WireProtocol::kHttp2)) {
  open_streams_.add(1);
  request_.received = codec.transport().clock().now();
}

Http2Stream::Http2Stream(Http2Codec& codec, int32_t id, http::Request upgraded)
    : Http2Stream(codec, id) {
  request_ = std::move(upgraded);
  head_method_ = request_.method == "HEAD";
  phase_ = Phase::kHandling;
}

Http2Stream::~Http2Stream() {
  exchange_.reset();
  replaced_.clear();
  open_streams_.add(-1);
}

bool Http2Stream::usable() const {
  return !closed_ && !codec_.closed();
}

void Http2Stream::attach(std::unique_ptr<http::Exchange> exchange) {
  if (exchange_) replaced_.push_back(std::move(exchange_));
  exchange_ = std::move(exchange);
}

bool Http2Stream::head_done(bool end_stream) {
  if (phase_ != Phase::kHead) return false;
  auto built = builder_.build(codec_.transport().info(), codec_.transport().clock().now());
  if (!built) {
    switch (built.error()) {
      case RequestProblem::kMalformed:
        codec_.transport().server_metrics().rejected(to_label(built.error()));
        reset(NGHTTP2_PROTOCOL_ERROR);
        break;
      case RequestProblem::kHeadersTooLarge:
        answer(431, to_label(built.error()));
        break;
      case RequestProblem::kBadRequest:
        answer(400, to_label(built.error()));
        break;
      case RequestProblem::kConnect:
        answer(501, to_label(built.error()));
        break;
    }
    return false;
  }
  request_ = std::move(*built);
  head_method_ = request_.method == "HEAD";
  const std::optional<uint64_t> length = declared_length(request_);
  if (length && *length > codec_.transport().config().limits.max_request_body) {
    answer(413, "h2_body_too_large");
    return false;
  }
  if (end_stream) {
    phase_ = Phase::kHandling;
    return true;
  }
  phase_ = Phase::kBody;
  return false;
}

void Http2Stream::add_body(std::string_view data) {
  if (phase_ != Phase::kBody) return;
  if (request_.body.size() + data.size() > codec_.transport().config().limits.max_request_body) {
    answer(413, "h2_body_too_large");
    return;
  }
  request_.body.append(data);
}

bool Http2Stream::body_done() {
  if (phase_ != Phase::kBody) return false;
  phase_ = Phase::kHandling;
  return true;
}

void Http2Stream::answer(int status, std::string_view reason) {
  codec_.transport().server_metrics().rejected(reason);
  phase_ = Phase::kHandling;
  std::string body(http::reason_phrase(status));
  body.append(" (").append(reason).append(")\n");
  respond_with(status, "text/plain; charset=utf-8", std::move(body));
}

void Http2Stream::reset(uint32_t error_code) {
  phase_ = Phase::kDone;
  if (!usable()) return;
  nghttp2_submit_rst_stream(codec_.session(), NGHTTP2_FLAG_NONE, id_, error_code);
  codec_.want_send();
}

void Http2Stream::respond(http::ResponseHead head, bool has_body) {
  if (phase_ != Phase::kHandling || !usable()) return;
  int status = head.status;
  if (status < 200 || status > 599) {  // an interim or invalid status cannot end a request
    status = 500;
    has_body = false;
  }
  status_ = status;
  const bool bodiless_status = status == 204 || status == 304;
  const bool send_body = has_body && !head_method_ && !bodiless_status;
  std::optional<uint64_t> length;
  if (status != 204) {
    if (head_method_ || status == 304) {
      length = head.content_length;
    } else {
      length = send_body ? head.content_length : std::optional<uint64_t>(0);
    }
  }
  if (send_body) remaining_ = head.content_length;
  const Http2ResponseFields fields(status, head.headers, length, codec_.date(),
                                   codec_.transport().config().server_name);
  phase_ = send_body ? Phase::kSendingBody : Phase::kDone;
  const nghttp2_data_provider provider = make_body_provider(*this);
  const int rv = nghttp2_submit_response(codec_.session(), id_, fields.data(), fields.size(),
                                         send_body ? &provider : nullptr);
  if (rv != 0) {
    reset(NGHTTP2_INTERNAL_ERROR);
    return;
  }
  codec_.want_send();
}

void Http2Stream::write(http::Chunk chunk, bool last) {
  if (phase_ != Phase::kSendingBody || !usable()) return;
  if (!write_pending_) {  // not asked for: it could overwrite bytes still being framed
    abort();
    return;
  }
  if (chunk.file) {  // can_send_file() is false here: a file chunk breaks the contract
    abort();
    return;
  }
  write_pending_ = false;
  const size_t size = chunk.bytes.size();
  if (remaining_) {
    // More or fewer bytes than announced would be a broken message: reset instead.
    if (size > *remaining_ || (last && size != *remaining_)) {
      abort();
      return;
    }
    *remaining_ -= size;
  }
  chunk_ = std::move(chunk);
  framed_ = 0;
  sent_ = 0;
  last_ = last;
  if (deferred_) {
    deferred_ = false;
    nghttp2_session_resume_data(codec_.session(), id_);
  }
  codec_.want_send();
}

void Http2Stream::abort() {
  if (phase_ == Phase::kDone) return;
  reset(NGHTTP2_INTERNAL_ERROR);
}

void Http2Stream::ask_for_chunk() {
  if (phase_ != Phase::kSendingBody || !usable() || write_pending_) return;
  if (!exchange_) {  // a body was promised but nothing can produce it
    abort();
    return;
  }
  write_pending_ = true;
  exchange_->on_writable(*this);
}

ssize_t Http2Stream::read_data(size_t length, uint32_t* flags) {
  if (phase_ != Phase::kSendingBody) return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
  const size_t left = chunk_.bytes.size() - framed_;
  if (left == 0 && !last_) {
    if (!write_pending_) codec_.chunk_wanted(id_);
    deferred_ = true;
    return NGHTTP2_ERR_DEFERRED;
  }
  const size_t n = std::min(left, length);
  framed_ += n;
  if (n > 0) *flags |= NGHTTP2_DATA_FLAG_NO_COPY;
  if (framed_ == chunk_.bytes.size() && last_) {
    *flags |= NGHTTP2_DATA_FLAG_EOF;
    eof_framed_ = true;
  }
  return static_cast<ssize_t>(n);
}

bool Http2Stream::send_data(const uint8_t* framehd, size_t length) {
  evbuffer* out = codec_.output();
  if (evbuffer_add(out, framehd, kFrameHeaderSize) != 0) return false;
  const std::string_view bytes = chunk_.bytes.substr(sent_, length);
  sent_ += bytes.size();
  if (bytes.size() < kCopyBelow) return evbuffer_add(out, bytes.data(), bytes.size()) == 0;
  if (!chunk_.owner) {
    return evbuffer_add_reference(out, bytes.data(), bytes.size(), nullptr, nullptr) == 0;
  }
  // libevent calls release_owner once the bytes are written or the buffer is freed.
  auto* owner = new std::shared_ptr<const void>(chunk_.owner);
  if (evbuffer_add_reference(out, bytes.data(), bytes.size(), &release_owner, owner) != 0) {
    delete owner;
    return false;
  }
  return true;
}

void Http2Stream::response_sent() {
  if (status_ == 0) return;  // a reset, not a response
  phase_ = Phase::kDone;
  Transport& transport = codec_.transport();
  transport.server_metrics().request_done(WireProtocol::kHttp2, status_,
                                          transport.clock().now() - request_.received);
  // Answered before the request ended (413, 431): the client may stop sending (8.1).
  if (usable() && nghttp2_session_get_stream_remote_close(codec_.session(), id_) == 0) {
    nghttp2_submit_rst_stream(codec_.session(), NGHTTP2_FLAG_NONE, id_, NGHTTP2_NO_ERROR);
    codec_.want_send();
  }
}

bool Http2Stream::has_ready_data() const {
  // Neither waiting for the exchange nor finished: the next move is nghttp2's, which only
  // waits for the peer's window or for the output to drain.
  return phase_ == Phase::kSendingBody && usable() && !write_pending_ && !deferred_ && !eof_framed_;
}

}  // namespace core::server
