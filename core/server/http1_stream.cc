// Http1Stream: response heads, body framing (Content-Length, chunked, or until close for
// HTTP/1.0) and the pull loop that keeps one chunk in flight.
#include "core/server/http1_stream.h"

#include <event2/buffer.h>
#include <event2/bufferevent.h>

#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <utility>

#include "core/server/http1_codec.h"
#include "core/server/http1_response.h"

namespace core::server {
namespace {

// Smaller chunks are copied: cheaper than a buffer chain and a reference for a few bytes.
constexpr size_t kCopyBelow = 1024;

void release_owner(const void*, size_t, void* owner) {
  delete static_cast<std::shared_ptr<const void>*>(owner);
}

void release_file(evbuffer_file_segment const*, int, void* file) {
  delete static_cast<std::shared_ptr<const base::UniqueFd>*>(file);
}

}  // namespace

Http1Stream::Http1Stream(Http1Codec& codec, http::Request request, bool keep_alive,
                         bool head_method)
    : codec_(codec),
      loop_(codec.transport().loop()),
      request_(std::move(request)),
      keep_alive_(keep_alive),
      head_method_(head_method),
      open_streams_(codec.transport().server_metrics().streams_open(WireProtocol::kHttp1)) {
  open_streams_.add(1);
}

Http1Stream::~Http1Stream() {
  exchange_.reset();
  replaced_.clear();
  open_streams_.add(-1);
}

void Http1Stream::attach(std::unique_ptr<http::Exchange> exchange) {
  if (exchange_) replaced_.push_back(std::move(exchange_));
  exchange_ = std::move(exchange);
}

Http1Stream::Framed Http1Stream::frame(int status, std::optional<uint64_t> content_length,
                                       bool has_body, bool close_connection) {
  status_ = status;
  const bool bodiless_status = status == 204 || status == 304;
  const bool send_body = has_body && !head_method_ && !bodiless_status;
  const bool http10 = request_.protocol == http::Protocol::kHttp10;
  ResponseFraming framing;
  if (!bodiless_status) {
    if (head_method_) {
      framing.content_length = content_length;
    } else if (!send_body) {
      framing.content_length = 0;
    } else if (content_length) {
      framing.content_length = content_length;
      remaining_ = content_length;
    } else if (!http10) {
      framing.chunked = chunked_ = true;
    } else {
      keep_alive_ = false;  // HTTP/1.0 without a length: the body ends when we close
    }
  }
  if (close_connection) keep_alive_ = false;
  framing.close = !keep_alive_;
  framing.keep_alive = keep_alive_ && http10;
  return Framed{framing, send_body};
}

void Http1Stream::respond(http::ResponseHead head, bool has_body) {
  if (state_ != State::kAwaitingHead || codec_.closed()) return;
  int status = head.status;
  if (status < 200 || status > 599) {  // an interim or invalid status cannot end a request
    status = 500;
    has_body = false;
  }
  const Framed framed = frame(status, head.content_length, has_body, head.close_connection);
  std::string& out = codec_.head_buffer();
  append_response_head(out, status, head.headers, codec_.date(),
                       codec_.transport().config().server_name, framed.fields);
  evbuffer_add(bufferevent_get_output(codec_.transport().bev()), out.data(), out.size());
  if (!framed.send_body) {
    finish();
    return;
  }
  state_ = State::kSendingBody;
  pump();
}

void Http1Stream::respond_shared(const http::SharedHead& head, std::span<const http::Header> extra,
                                 http::Chunk body) {
  if (state_ != State::kAwaitingHead || codec_.closed()) return;
  if (head.status < 200 || head.status > 599) {
    http::Stream::respond_shared(head, extra, std::move(body));  // respond() makes it a 500
    return;
  }
  const Framed framed = frame(head.status, body.size(), body.size() > 0, false);
  std::string& out = codec_.head_buffer();
  append_shared_response_head(out, head, extra, codec_.date(),
                              codec_.transport().config().server_name, framed.fields);
  const bool small_body = framed.send_body && !body.file && body.bytes.size() < kCopyBelow;
  // A small body goes in with the head: one add to the output, which the bufferevent answers
  // with its callbacks each time.
  if (small_body) out.append(body.bytes);
  evbuffer_add(bufferevent_get_output(codec_.transport().bev()), out.data(), out.size());
  if (!framed.send_body || small_body) {
    finish();
    return;
  }
  // The whole body at once: no exchange to pull it from.
  state_ = State::kSendingBody;
  write(std::move(body), true);
}

void Http1Stream::write(http::Chunk chunk, bool last) {
  if (state_ != State::kSendingBody || codec_.closed()) return;
  write_pending_ = false;
  if (chunk.file && !can_send_file()) {  // the handler broke the contract: never send garbage
    abort();
    return;
  }
  const uint64_t size = chunk.size();
  if (remaining_) {
    // More or fewer bytes than announced would corrupt the framing: close instead.
    if (size > *remaining_ || (last && size != *remaining_)) {
      abort();
      return;
    }
    *remaining_ -= size;
  }
  if (size > 0) add_body_bytes(chunk);
  if (state_ != State::kSendingBody) return;
  if (last) {
    if (chunked_) {
      evbuffer_add(bufferevent_get_output(codec_.transport().bev()), "0\r\n\r\n", 5);
    }
    finish();
    return;
  }
  pump();
}

bool Http1Stream::can_send_file() const {
  return !codec_.transport().info().tls;
}

void Http1Stream::abort() {
  if (state_ == State::kDone) return;
  state_ = State::kDone;
  codec_.abort_connection();
}

void Http1Stream::resume_body() {
  if (state_ == State::kSendingBody) pump();
}

void Http1Stream::pump() {
  // write() calls back into pump(); the flag turns that recursion into this loop.
  if (pumping_) return;
  pumping_ = true;
  while (state_ == State::kSendingBody && !write_pending_ && !codec_.closed() &&
         codec_.output_size() < kOutputHighWatermark) {
    if (!exchange_) {  // a body was promised but nothing can produce it
      abort();
      break;
    }
    write_pending_ = true;
    exchange_->on_writable(*this);
  }
  pumping_ = false;
}

void Http1Stream::add_body_bytes(const http::Chunk& chunk) {
  evbuffer* out = bufferevent_get_output(codec_.transport().bev());
  const std::string_view bytes = chunk.bytes;
  if (chunked_) {
    char line[24];
    const int n = std::snprintf(line, sizeof(line), "%llx\r\n",
                                static_cast<unsigned long long>(chunk.size()));
    evbuffer_add(out, line, static_cast<size_t>(n));
  }
  if (chunk.file) {
    if (!add_file_span(chunk)) {
      abort();
      return;
    }
  } else if (bytes.size() < kCopyBelow) {
    evbuffer_add(out, bytes.data(), bytes.size());
  } else if (!chunk.owner) {
    evbuffer_add_reference(out, bytes.data(), bytes.size(), nullptr, nullptr);
  } else {
    // libevent calls release_owner once the bytes are sent or the buffer is freed.
    auto* owner = new std::shared_ptr<const void>(chunk.owner);
    if (evbuffer_add_reference(out, bytes.data(), bytes.size(), &release_owner, owner) != 0) {
      delete owner;
      abort();
      return;
    }
  }
  if (chunked_) evbuffer_add(out, "\r\n", 2);
}

// The span goes into the output as a file segment: libevent sends it with sendfile when the
// output drains to the socket (only a cleartext bufferevent's does), and calls release_file
// once it is sent or dropped.
bool Http1Stream::add_file_span(const http::Chunk& chunk) {
  if (!*chunk.file || chunk.file_offset > static_cast<uint64_t>(INT64_MAX) ||
      chunk.file_length > static_cast<uint64_t>(INT64_MAX)) {
    return false;
  }
  evbuffer_file_segment* segment =
      evbuffer_file_segment_new(chunk.file->get(), static_cast<ev_off_t>(chunk.file_offset),
                                static_cast<ev_off_t>(chunk.file_length), 0);
  if (segment == nullptr) return false;
  evbuffer_file_segment_add_cleanup_cb(segment, &release_file,
                                       new std::shared_ptr<const base::UniqueFd>(chunk.file));
  const int added = evbuffer_add_file_segment(bufferevent_get_output(codec_.transport().bev()),
                                              segment, 0, static_cast<ev_off_t>(chunk.file_length));
  evbuffer_file_segment_free(segment);  // the output holds its own reference, if added
  if (added != 0) return false;
  codec_.transport().file_queued();
  return true;
}

void Http1Stream::finish() {
  state_ = State::kDone;
  codec_.response_finished(*this, keep_alive_);
  // Counted first, so that whoever has the response also finds it in the metrics.
  codec_.transport().write_now();
}

}  // namespace core::server
