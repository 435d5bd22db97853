// UpstreamFetch: the response state machine. Every observer callback is either the last thing
// a function does or is followed by a check that the observer did not destroy the fetch.
#include "core/client/upstream_fetch.h"

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <sys/time.h>

#include <algorithm>

#include "core/client/request_writer.h"

namespace core::client {
namespace {

// Beyond one chunk of data, room for what a chunked body may need contiguous to make progress:
// a chunk size line or the whole trailer section.
constexpr size_t kFramingSlack = 16 * 1024;

timeval to_timeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
  return tv;
}

FetchError head_error(http1::Error error) {
  switch (error) {
    case http1::Error::kHeaderTooLarge:
    case http1::Error::kTooManyFields:
    case http1::Error::kStatusLineTooLong:
    case http1::Error::kBodyTooLarge:
      return FetchError::kTooLarge;
    case http1::Error::kIncompleteMessage:
      return FetchError::kReset;
    default:
      return FetchError::kBadResponse;
  }
}

FetchError body_error(http1::Error error) {
  return error == http1::Error::kBodyTooLarge ? FetchError::kTooLarge : FetchError::kBadResponse;
}

// The protocol-neutral head: names lowercased by Headers::add, framing fields left to the
// decoder (see FetchObserver::on_head).
http::ResponseHead neutral_head(const http1::ResponseHead& head) {
  http::ResponseHead out;
  out.status = head.status;
  const bool framed_length = head.framing == http1::BodyFraming::kContentLength;
  for (const http1::HeaderField field : head.fields) {
    if (http::equals_ignore_case(field.name, "transfer-encoding")) continue;
    if (http::equals_ignore_case(field.name, "content-length") &&
        head.framing != http1::BodyFraming::kNone) {
      continue;
    }
    out.headers.add(field.name, field.value);
  }
  if (framed_length) out.content_length = head.content_length;
  return out;
}

}  // namespace

void free_event(event* ev) {
  event_free(ev);
}

UpstreamFetch::UpstreamFetch(std::shared_ptr<ConnectionPool> pool, const http::Request& request,
                             FetchObserver& observer)
    : pool_(std::move(pool)),
      observer_(observer),
      kick_(event_new(pool_->loop(), -1, 0, &UpstreamFetch::on_kick, this)),
      connect_timer_(evtimer_new(pool_->loop(), &UpstreamFetch::on_connect_timeout, this)),
      parser_(pool_->limits()),
      decoder_(pool_->limits()),
      method_(http1::method_from_token(request.method)),
      started_(std::chrono::steady_clock::now()),
      alive_(std::make_shared<char>()) {
  parser_.reset(method_);
  if (ClientMetrics* metrics = pool_->metrics()) metrics->request();
  start(request);
}

UpstreamFetch::~UpstreamFetch() {
  // A connection still held here is mid-request or mid-response: its framing is unknown to
  // whoever would use it next, so it is closed (freed), never pooled.
  if (connection_) pool_->count(ConnectionEvent::kNotReusable);
}

void UpstreamFetch::start(const http::Request& request) {
  auto bytes = write_request(request, pool_->origin().authority);
  if (!bytes) {
    pending_error_ = bytes.error();
    event_active(kick_.get(), 0, 0);
    return;
  }
  connection_ = pool_->take_idle();
  if (connection_) {
    pool_->count(ConnectionEvent::kReused);
    phase_ = Phase::kHead;
  } else {
    connection_ = pool_->open();
    if (!connection_) {
      pending_error_ = FetchError::kConnect;
      event_active(kick_.get(), 0, 0);
      return;
    }
    pool_->count(ConnectionEvent::kOpened);
    const timeval connect_timeout = to_timeval(pool_->options().connect_timeout);
    evtimer_add(connect_timer_.get(), &connect_timeout);
  }
  bufferevent* bev = connection_->bev.get();
  bufferevent_setcb(bev, &UpstreamFetch::on_read, nullptr, &UpstreamFetch::on_event, this);
  // The input never holds much more than one chunk and the framing around it.
  const size_t high =
      std::max(pool_->options().chunk_bytes, pool_->limits().max_head_bytes) + kFramingSlack;
  bufferevent_setwatermark(bev, EV_READ, 0, high);
  bufferevent_write(bev, bytes->data(), bytes->size());
  if (phase_ == Phase::kHead) start_reading();
}

void UpstreamFetch::start_reading() {
  bufferevent* bev = connection_->bev.get();
  const timeval read_timeout = to_timeval(pool_->options().read_timeout);
  bufferevent_set_timeouts(bev, &read_timeout, &read_timeout);
  bufferevent_enable(bev, EV_READ | EV_WRITE);
}

void UpstreamFetch::resume() {
  if (phase_ != Phase::kPaused) return;
  phase_ = Phase::kBody;
  event_active(kick_.get(), 0, 0);
}

void UpstreamFetch::process() {
  if (phase_ == Phase::kHead && !read_head()) return;
  if (phase_ == Phase::kBody) read_body();
}

// True when the head was delivered and the fetch is still alive to read the body.
bool UpstreamFetch::read_head() {
  evbuffer* input = bufferevent_get_input(connection_->bev.get());
  for (;;) {
    const size_t size = evbuffer_get_length(input);
    if (size > 0 && !first_byte_) {
      first_byte_ = true;
      if (ClientMetrics* metrics = pool_->metrics()) {
        metrics->first_byte(std::chrono::steady_clock::now() - started_);
      }
    }
    if (size == 0) {
      if (eof_ || reset_) {
        fail(FetchError::kReset);
      } else {
        need_more();
      }
      return false;
    }
    const auto* bytes = reinterpret_cast<const char*>(evbuffer_pullup(input, -1));
    const auto progress = parser_.parse({bytes, size});
    if (!progress) {
      fail(head_error(progress.error()));
      return false;
    }
    if (!progress->complete) {
      if (eof_ || reset_) {
        fail(FetchError::kReset);
      } else {
        need_more();
      }
      return false;
    }
    const http1::ResponseHead& head = parser_.head();
    if (head.interim()) {
      // 101 would switch protocols, which the client never asks for.
      if (head.status == 101) {
        fail(FetchError::kBadResponse);
        return false;
      }
      evbuffer_drain(input, progress->consumed);
      parser_.reset(method_);
      continue;
    }
    http::ResponseHead out = neutral_head(head);
    keep_alive_ = head.keep_alive;
    decoder_.reset(head.framing, head.content_length);
    evbuffer_drain(input, progress->consumed);
    phase_ = Phase::kBody;
    const std::weak_ptr<char> alive = alive_;
    observer_.on_head(std::move(out));
    return !alive.expired() && phase_ == Phase::kBody;
  }
}

void UpstreamFetch::read_body() {
  evbuffer* input = bufferevent_get_input(connection_->bev.get());
  const size_t chunk_bytes = std::max<size_t>(pool_->options().chunk_bytes, 1);
  for (;;) {
    if (decoder_.done()) {
      finish_body();
      return;
    }
    const size_t size = evbuffer_get_length(input);
    if (size == 0) {
      end_of_input();
      return;
    }
    // At most chunk_bytes of input, so that at most that many body bytes come out; a wider
    // window only when framing alone fills the narrow one (then no data comes with it).
    size_t window = std::min(size, chunk_bytes);
    auto step = decoder_.decode(
        {reinterpret_cast<const char*>(evbuffer_pullup(input, static_cast<ssize_t>(window))),
         window});
    if (step && step->consumed == 0 && !step->done && window < size) {
      window = std::min(size, chunk_bytes + kFramingSlack);
      step = decoder_.decode(
          {reinterpret_cast<const char*>(evbuffer_pullup(input, static_cast<ssize_t>(window))),
           window});
    }
    if (!step) {
      fail(body_error(step.error()));
      return;
    }
    if (step->consumed == 0 && !step->done) {
      end_of_input();
      return;
    }
    http::Chunk chunk;
    if (!step->data.empty()) chunk = http::Chunk::copy_of(step->data);
    evbuffer_drain(input, step->consumed);
    if (chunk.bytes.empty()) continue;
    if (decoder_.done()) {
      finish_body_with(std::move(chunk));
      return;
    }
    phase_ = Phase::kPaused;
    bufferevent_disable(connection_->bev.get(), EV_READ);
    observer_.on_body(std::move(chunk));
    return;
  }
}

// The input is used up (or holds only part of a frame): wait for more, or end the response
// if the origin has closed.
void UpstreamFetch::end_of_input() {
  if (!eof_ && !reset_) {
    need_more();
    return;
  }
  if (phase_ == Phase::kBody && !reset_ && decoder_.finish()) {
    finish_body();
    return;
  }
  fail(reset_ ? FetchError::kReset : FetchError::kLengthMismatch);
}

void UpstreamFetch::finish_body() {
  finish_body_with({});
}

void UpstreamFetch::finish_body_with(http::Chunk last) {
  // Bytes after the end of the body, before any next request: the origin sent more than it
  // framed. The response itself is whole, as framed (nginx and Varnish relay it the same
  // way); the connection is not, and release_connection() closes it.
  surplus_ = evbuffer_get_length(bufferevent_get_input(connection_->bev.get())) != 0;
  release_connection();
  phase_ = Phase::kDone;
  if (ClientMetrics* metrics = pool_->metrics()) {
    metrics->response_done(std::chrono::steady_clock::now() - started_);
  }
  if (!last.bytes.empty()) {
    const std::weak_ptr<char> alive = alive_;
    observer_.on_body(std::move(last));
    if (alive.expired()) return;
  }
  observer_.on_complete();
}

void UpstreamFetch::release_connection() {
  connection_->responses++;
  bufferevent_disable(connection_->bev.get(), EV_READ | EV_WRITE);
  bufferevent_setcb(connection_->bev.get(), nullptr, nullptr, nullptr, nullptr);
  const bool reusable = keep_alive_ && !eof_ && !reset_ && !surplus_ &&
                        decoder_.framing() != http1::BodyFraming::kUntilClose;
  if (reusable) {
    pool_->give_back(std::move(connection_));
  } else {
    pool_->count(surplus_ ? ConnectionEvent::kSurplusBytes : ConnectionEvent::kNotReusable);
    connection_.reset();
  }
}

void UpstreamFetch::need_more() {
  bufferevent_enable(connection_->bev.get(), EV_READ);
}

void UpstreamFetch::fail(FetchError error) {
  if (connection_) {
    pool_->count(ConnectionEvent::kNotReusable);
    connection_.reset();
  }
  evtimer_del(connect_timer_.get());
  phase_ = Phase::kDone;
  if (ClientMetrics* metrics = pool_->metrics()) metrics->error(error);
  observer_.on_error(error);
}

void UpstreamFetch::on_read(bufferevent* /*bev*/, void* ctx) {
  auto* self = static_cast<UpstreamFetch*>(ctx);
  if (self->phase_ == Phase::kHead || self->phase_ == Phase::kBody) self->process();
}

void UpstreamFetch::on_event(bufferevent* /*bev*/, short what, void* ctx) {
  auto* self = static_cast<UpstreamFetch*>(ctx);
  if (what & BEV_EVENT_CONNECTED) {
    evtimer_del(self->connect_timer_.get());
    self->connection_->connected = true;
    self->phase_ = Phase::kHead;
    self->start_reading();
    return;
  }
  if (self->phase_ == Phase::kConnecting) {
    self->fail(FetchError::kConnect);
    return;
  }
  if (what & BEV_EVENT_TIMEOUT) {
    self->fail(FetchError::kTimeout);
    return;
  }
  if (what & BEV_EVENT_EOF) {
    self->eof_ = true;
  } else {
    self->reset_ = true;
  }
  // Bytes already read still count; a paused fetch looks at them on resume().
  if (self->phase_ == Phase::kHead || self->phase_ == Phase::kBody) self->process();
}

void UpstreamFetch::on_kick(int /*fd*/, short /*what*/, void* ctx) {
  auto* self = static_cast<UpstreamFetch*>(ctx);
  if (self->pending_error_) {
    self->fail(*self->pending_error_);
    return;
  }
  if (self->phase_ == Phase::kHead || self->phase_ == Phase::kBody) self->process();
}

void UpstreamFetch::on_connect_timeout(int /*fd*/, short /*what*/, void* ctx) {
  auto* self = static_cast<UpstreamFetch*>(ctx);
  if (self->phase_ == Phase::kConnecting) self->fail(FetchError::kConnect);
}

}  // namespace core::client
