// UpstreamFetch: the response state machine. Every observer callback is either the last thing
// a function does or is followed by a check that the observer did not destroy the fetch.
#include "core/client/upstream_fetch.h"

#include <event2/event.h>
#include <sys/time.h>

#include <algorithm>
#include <cerrno>

#include "core/client/request_writer.h"

namespace core::client {
namespace {

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

UpstreamFetch::UpstreamFetch(std::shared_ptr<ConnectionPool> pool, const http::Request& request,
                             FetchObserver& observer)
    : pool_(std::move(pool)),
      observer_(observer),
      kick_(event_new(pool_->loop(), -1, 0, &UpstreamFetch::on_kick, this)),
      timer_(evtimer_new(pool_->loop(), &UpstreamFetch::on_timeout, this)),
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
  request_bytes_ = std::move(*bytes);
  connection_ = pool_->take_idle();
  if (connection_) {
    pool_->count(ConnectionEvent::kReused);
    connection_->set_user(this);
    connected();
    return;
  }
  connection_ = pool_->open();
  if (!connection_) {
    pending_error_ = FetchError::kConnect;
    event_active(kick_.get(), 0, 0);
    return;
  }
  pool_->count(ConnectionEvent::kOpened);
  connection_->set_user(this);
  connection_->want_write(true);
  const timeval connect_timeout = to_timeval(pool_->options().connect_timeout);
  evtimer_add(timer_.get(), &connect_timeout);
}

// The connection is ready for the request: written at once, the rest (if the socket took
// only part) when it turns writable.
void UpstreamFetch::connected() {
  connection_->connected = true;
  phase_ = Phase::kHead;
  arm_timer();
  connection_->want_read(true);
  send_request();
}

void UpstreamFetch::send_request() {
  const std::string_view rest = std::string_view(request_bytes_).substr(request_sent_);
  const ssize_t n = connection_->send(rest);
  if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
    // Told from the loop: this may run inside fetch().
    reset_ = true;
    pending_error_ = FetchError::kReset;
    event_active(kick_.get(), 0, 0);
    return;
  }
  if (n > 0) request_sent_ += static_cast<size_t>(n);
  connection_->want_write(request_sent_ < request_bytes_.size());
}

void UpstreamFetch::arm_timer() {
  const timeval read_timeout = to_timeval(pool_->options().read_timeout);
  evtimer_add(timer_.get(), &read_timeout);
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
  for (;;) {
    const std::string_view input = connection_->input();
    const size_t size = input.size();
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
    const auto progress = parser_.parse(input);
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
      connection_->consume(progress->consumed);
      parser_.reset(method_);
      continue;
    }
    http::ResponseHead out = neutral_head(head);
    keep_alive_ = head.keep_alive;
    decoder_.reset(head.framing, head.content_length);
    connection_->consume(progress->consumed);
    phase_ = Phase::kBody;
    const std::weak_ptr<char> alive = alive_;
    observer_.on_head(std::move(out));
    return !alive.expired() && phase_ == Phase::kBody;
  }
}

void UpstreamFetch::read_body() {
  const size_t chunk_bytes = std::max<size_t>(pool_->options().chunk_bytes, 1);
  for (;;) {
    if (decoder_.done()) {
      finish_body();
      return;
    }
    const std::string_view input = connection_->input();
    if (input.empty()) {
      end_of_input();
      return;
    }
    // At most chunk_bytes of input, so that at most that many body bytes come out; a wider
    // window only when framing alone fills the narrow one (then no data comes with it).
    size_t window = std::min(input.size(), chunk_bytes);
    auto step = decoder_.decode(input.substr(0, window));
    if (step && step->consumed == 0 && !step->done && window < input.size()) {
      window = std::min(input.size(), chunk_bytes + kFramingSlack);
      step = decoder_.decode(input.substr(0, window));
    }
    if (!step) {
      fail(body_error(step.error()));
      return;
    }
    if (step->consumed == 0 && !step->done) {
      end_of_input();
      return;
    }
    // The decoder's data is a view into the input: the chunk shares its block.
    http::Chunk chunk;
    if (!step->data.empty()) chunk = connection_->share(step->data);
    connection_->consume(step->consumed);
    if (chunk.bytes.empty()) continue;
    if (decoder_.done()) {
      finish_body_with(std::move(chunk));
      return;
    }
    // Reading stops while the observer holds the chunk; the read event is turned off only if
    // the socket reports more before resume() (see on_readable).
    phase_ = Phase::kPaused;
    evtimer_del(timer_.get());
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
  surplus_ = !connection_->input().empty();
  evtimer_del(timer_.get());
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
  connection_->set_user(nullptr);
  // An origin may answer before it read the whole request; the rest would then be taken
  // for the next request.
  const bool reusable = keep_alive_ && !eof_ && !reset_ && !surplus_ &&
                        request_sent_ == request_bytes_.size() &&
                        decoder_.framing() != http1::BodyFraming::kUntilClose;
  if (reusable) {
    pool_->give_back(std::move(connection_));
  } else {
    pool_->count(surplus_ ? ConnectionEvent::kSurplusBytes : ConnectionEvent::kNotReusable);
    connection_.reset();
  }
}

void UpstreamFetch::need_more() {
  arm_timer();
  connection_->want_read(true);
}

void UpstreamFetch::fail(FetchError error) {
  if (connection_) {
    pool_->count(ConnectionEvent::kNotReusable);
    connection_.reset();
  }
  evtimer_del(timer_.get());
  phase_ = Phase::kDone;
  if (ClientMetrics* metrics = pool_->metrics()) metrics->error(error);
  observer_.on_error(error);
}

void UpstreamFetch::on_readable(Connection& connection) {
  if (phase_ != Phase::kHead && phase_ != Phase::kBody) {
    // Paused: what the socket has waits there until resume() asks for it.
    connection.want_read(false);
    return;
  }
  switch (connection.read()) {
    case ReadResult::kData:
      arm_timer();
      break;
    case ReadResult::kAgain:
      return;
    case ReadResult::kEnd:
      eof_ = true;
      connection.want_read(false);
      break;
    case ReadResult::kError:
      reset_ = true;
      connection.want_read(false);
      break;
  }
  process();
}

void UpstreamFetch::on_writable(Connection& connection) {
  if (phase_ == Phase::kDone) return;
  if (phase_ != Phase::kConnecting) {
    send_request();
    return;
  }
  if (connection.connect_error() != 0) {
    fail(FetchError::kConnect);
    return;
  }
  connected();
}

void UpstreamFetch::on_kick(int /*fd*/, short /*what*/, void* ctx) {
  auto* self = static_cast<UpstreamFetch*>(ctx);
  if (self->phase_ == Phase::kDone) return;
  if (self->pending_error_) {
    self->fail(*self->pending_error_);
    return;
  }
  if (self->phase_ == Phase::kHead || self->phase_ == Phase::kBody) self->process();
}

void UpstreamFetch::on_timeout(int /*fd*/, short /*what*/, void* ctx) {
  auto* self = static_cast<UpstreamFetch*>(ctx);
  if (self->phase_ == Phase::kConnecting) {
    self->fail(FetchError::kConnect);
  } else if (self->phase_ == Phase::kHead || self->phase_ == Phase::kBody) {
    self->fail(FetchError::kTimeout);
  }
}

}  // namespace core::client
