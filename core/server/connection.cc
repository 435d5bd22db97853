// Connection: bufferevent callbacks, the TLS handshake and protocol detection, codec
// installation, byte counting and timers. How it ends is in connection_close.cc.
#include "core/server/connection.h"

#include <event2/bufferevent_ssl.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <utility>

#include "core/base/timeval.h"
#include "core/server/protocol_detect.h"
#include "core/server/worker.h"
#include "core/tls/tls_context.h"

namespace core::server {
namespace {

constexpr int kBufferOptions = BEV_OPT_CLOSE_ON_FREE | BEV_OPT_DEFER_CALLBACKS;
constexpr size_t kMaxSingleWrite = size_t{2} * 1024 * 1024;

}  // namespace

Connection::Connection(Worker& worker, std::string peer, bool tls)
    : worker_(worker), state_(tls ? State::kHandshake : State::kDetecting) {
  info_.peer = std::move(peer);
  info_.tls = tls;
}

Connection::~Connection() {
  // Codecs first: their streams and exchanges may still hold chunks queued on the buffers.
  codec_.reset();
  retired_codec_.reset();
  if (protocol_) worker_.metrics().connections_open(*protocol_).add(-1);
  if (bev_) {
    if (input_watch_) evbuffer_remove_cb_entry(bufferevent_get_input(bev_.get()), input_watch_);
    if (output_watch_) {
      evbuffer_remove_cb_entry(bufferevent_get_output(bev_.get()), output_watch_);
    }
  }
}

event_base* Connection::loop() {
  return worker_.loop();
}
const ServerConfig& Connection::config() const {
  return worker_.config();
}
metrics::Registry& Connection::metrics() {
  return worker_.registry();
}
ServerMetrics& Connection::server_metrics() {
  return worker_.metrics();
}
const base::Clock& Connection::clock() const {
  return worker_.clock();
}
http::Handler& Connection::handler() {
  return worker_.handler();
}

bool Connection::start(evutil_socket_t fd, std::shared_ptr<const tls::TlsContext> tls) {
  tls_ = std::move(tls);
  if (!make_bufferevent(fd)) return false;
  timer_.reset(evtimer_new(loop(), &Connection::on_timer, this));
  deferred_.reset(event_new(loop(), -1, 0, &Connection::on_deferred, this));
  if (!timer_ || !deferred_) return false;
  if (!info_.tls && !make_socket_events(fd)) return false;
  bufferevent* bev = bev_.get();
  bufferevent_setcb(bev, &Connection::on_read, &Connection::on_write, &Connection::on_event, this);
  // The write timeout is the slow-read defence for every protocol: it fires when queued
  // output makes no progress for that long.
  const timeval write_timeout = base::to_timeval(config().timeouts.write);
  bufferevent_set_timeouts(bev, nullptr, &write_timeout);
  input_watch_ = evbuffer_add_cb(bufferevent_get_input(bev), &Connection::on_input_changed, this);
  output_watch_ =
      evbuffer_add_cb(bufferevent_get_output(bev), &Connection::on_output_changed, this);
  // The TLS bufferevent reads and writes for itself; a cleartext one only writes what flush()
  // could not (see connection_io.cc).
  if (info_.tls) {
    bufferevent_enable(bev, EV_READ | EV_WRITE);
  } else {
    bufferevent_disable(bev, EV_READ | EV_WRITE);
    set_reading(true);
  }
  if (info_.tls) {
    arm_timer(config().timeouts.tls_handshake, TimeoutKind::kTlsHandshake);
  } else {
    arm_timer(config().timeouts.idle, TimeoutKind::kIdle);
  }
  return true;
}

bool Connection::make_bufferevent(evutil_socket_t fd) {
  if (!info_.tls) {
    bev_.reset(bufferevent_socket_new(loop(), fd, kBufferOptions));
    if (!bev_) {
      ::close(fd);
      return false;
    }
    // What the write event sends per readiness: libevent's default of 16 KiB turns a segment
    // into dozens of sendfile calls and loop passes.
    bufferevent_set_max_single_write(bev_.get(), kMaxSingleWrite);
    return true;
  }
  SSL* ssl = tls_ ? tls_->new_ssl() : nullptr;
  if (ssl == nullptr) {
    worker_.metrics().tls_handshake_failed();
    ::close(fd);
    return false;
  }
  // On failure libevent may already have released the socket and the SSL; a leak after an
  // allocation failure is better than a double close.
  bev_.reset(
      bufferevent_openssl_socket_new(loop(), fd, ssl, BUFFEREVENT_SSL_ACCEPTING, kBufferOptions));
  if (!bev_) return false;
  // A peer closing without close_notify ends the connection like a plain EOF.
  bufferevent_openssl_set_allow_dirty_shutdown(bev_.get(), 1);
  return true;
}

void Connection::on_read(bufferevent*, void* arg) {
  auto* self = static_cast<Connection*>(arg);
  self->read_ready();
  self->worker_.mailbox().run_posted_here();
}
void Connection::on_write(bufferevent*, void* arg) {
  static_cast<Connection*>(arg)->write_ready();
}
void Connection::on_event(bufferevent*, short what, void* arg) {
  static_cast<Connection*>(arg)->handle_event(what);
}
void Connection::on_timer(evutil_socket_t, short, void* arg) {
  static_cast<Connection*>(arg)->timer_fired();
}

void Connection::on_deferred(evutil_socket_t, short, void* arg) {
  auto* self = static_cast<Connection*>(arg);
  self->retired_codec_.reset();
  if (self->state_ == State::kOpen &&
      evbuffer_get_length(bufferevent_get_input(self->bev_.get())) > 0) {
    self->codec_->on_read();
  }
}

void Connection::on_input_changed(evbuffer*, const evbuffer_cb_info* info, void* arg) {
  auto* self = static_cast<Connection*>(arg);
  // A codec consuming input may bring it back under the read limit.
  if (info->n_deleted > 0 && self->read_event_) self->update_read_interest();
  if (info->n_added == 0) return;
  if (self->protocol_) {
    self->worker_.metrics().bytes_received(*self->protocol_).inc(info->n_added);
  } else {
    self->unattributed_received_ += info->n_added;
  }
}

void Connection::on_output_changed(evbuffer*, const evbuffer_cb_info* info, void* arg) {
  auto* self = static_cast<Connection*>(arg);
  if (info->n_deleted > 0 && self->protocol_) {
    self->worker_.metrics().bytes_sent(*self->protocol_).inc(info->n_deleted);
  }
  if (info->n_added > 0 && self->flush_) self->schedule_flush();
}

void Connection::read_ready() {
  switch (state_) {
    case State::kDetecting:
      detect();
      break;
    case State::kOpen:
      codec_->on_read();
      break;
    case State::kLingering: {
      evbuffer* input = bufferevent_get_input(bev_.get());
      evbuffer_drain(input, evbuffer_get_length(input));
      break;
    }
    case State::kHandshake:  // application data waits for handshake_done()
    case State::kFlushing:
    case State::kClosed:
      break;
  }
}

void Connection::write_ready() {
  bufferevent* bev = bev_.get();
  if (flush_ && evbuffer_get_length(bufferevent_get_output(bev)) == 0) {
    bufferevent_disable(bev, EV_WRITE);  // back to writing at once
    file_in_output_ = false;
  }
  if (state_ == State::kOpen) {
    codec_->on_write_drained();
  } else if (state_ == State::kFlushing &&
             evbuffer_get_length(bufferevent_get_output(bev_.get())) == 0) {
    flushed();
  }
}

void Connection::handle_event(short what) {
  if (what & BEV_EVENT_CONNECTED) {
    if (state_ == State::kHandshake) handshake_done();
    return;
  }
  if (what & BEV_EVENT_TIMEOUT) {
    // Only the write timeout is set on the bufferevent.
    worker_.metrics().timeout(TimeoutKind::kWrite);
    peer_gone();
    return;
  }
  if ((what & BEV_EVENT_EOF) && !(what & BEV_EVENT_ERROR)) {
    input_ended();
    return;
  }
  if (state_ == State::kHandshake) worker_.metrics().tls_handshake_failed();
  peer_gone();
}

void Connection::handshake_done() {
  info_.alpn = std::string(tls::negotiated_protocol(bufferevent_openssl_get_ssl(bev_.get())));
  if (info_.alpn == "h2") {
    install(make_http2_codec(*this), WireProtocol::kHttp2);
  } else {
    install(make_http1_codec(*this), WireProtocol::kHttp1);
  }
  if (state_ == State::kOpen && evbuffer_get_length(bufferevent_get_input(bev_.get())) > 0) {
    codec_->on_read();
  }
}

void Connection::detect() {
  evbuffer* input = bufferevent_get_input(bev_.get());
  const size_t n = std::min(evbuffer_get_length(input), kHttp2Preface.size());
  const auto* bytes =
      reinterpret_cast<const char*>(evbuffer_pullup(input, static_cast<ssize_t>(n)));
  switch (detect_cleartext(std::string_view(bytes, bytes == nullptr ? 0 : n))) {
    case Detected::kNeedMore:
      if (timer_kind_ != TimeoutKind::kHeaderRead) {
        arm_timer(config().timeouts.header_read, TimeoutKind::kHeaderRead);
      }
      return;
    case Detected::kHttp2:
      install(make_http2_codec(*this), WireProtocol::kHttp2);
      break;
    case Detected::kHttp1:
      install(make_http1_codec(*this), WireProtocol::kHttp1);
      break;
  }
  if (state_ == State::kOpen) codec_->on_read();
}

void Connection::install(std::unique_ptr<Codec> codec, WireProtocol protocol) {
  if (state_ == State::kClosed) {  // the codec gave up while being built
    codec_ = std::move(codec);
    return;
  }
  event_del(timer_.get());
  timer_kind_.reset();
  state_ = State::kOpen;
  set_protocol(protocol);
  codec_ = std::move(codec);
}

void Connection::set_protocol(WireProtocol protocol) {
  ServerMetrics& m = worker_.metrics();
  if (protocol_) m.connections_open(*protocol_).add(-1);
  protocol_ = protocol;
  m.connections_open(protocol).add(1);
  m.bytes_received(protocol).inc(unattributed_received_);
  unattributed_received_ = 0;
}

void Connection::switch_codec(std::unique_ptr<Codec> next) {
  if (state_ != State::kOpen) return;
  retired_codec_ = std::move(codec_);
  codec_ = std::move(next);
  set_protocol(WireProtocol::kHttp2);  // the h2c upgrade is the only switch
  event_active(deferred_.get(), EV_READ, 0);
}

void Connection::arm_timer(std::chrono::milliseconds after, std::optional<TimeoutKind> kind) {
  timer_kind_ = kind;
  const timeval tv = base::to_timeval(after);
  event_add(timer_.get(), &tv);
}

void Connection::timer_fired() {
  if (timer_kind_) worker_.metrics().timeout(*timer_kind_);
  peer_gone();
}

}  // namespace core::server
