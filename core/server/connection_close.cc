// How a connection ends: after its output is flushed (then a lingering close, so the peer
// reads the answer before any reset), at once, when the peer goes away, or at shutdown.
#include <event2/bufferevent_ssl.h>
#include <openssl/ssl.h>
#include <sys/socket.h>

#include "core/server/connection.h"
#include "core/server/worker.h"

namespace core::server {
namespace {

// After our last byte is written and our side shut, how long the client's remaining input is
// read and dropped, so that closing does not reset the connection before it reads the answer.
constexpr std::chrono::milliseconds kLingerTime{2'000};

}  // namespace

void Connection::input_ended() {
  if (state_ == State::kOpen && codec_->on_input_ended()) {
    set_reading(false);
    return;
  }
  if (state_ == State::kHandshake) worker_.metrics().tls_handshake_failed();
  if (state_ == State::kFlushing) return;  // the answer is still being written
  peer_gone();
}

void Connection::peer_gone() {
  if (codec_ && (state_ == State::kOpen || state_ == State::kFlushing)) codec_->on_peer_closed();
  close_now();
}

void Connection::close_when_flushed() {
  if (state_ != State::kOpen) return;
  state_ = State::kFlushing;
  bufferevent* bev = bev_.get();
  set_reading(false);
  bufferevent_setwatermark(bev, EV_WRITE, 0, 0);
  if (evbuffer_get_length(bufferevent_get_output(bev)) == 0) flushed();
}

void Connection::flushed() {
  bufferevent* bev = bev_.get();
  // Lingering would hold a stopping worker back; without unread input a close sends a FIN.
  if (worker_.shutting_down()) {
    close_now();
    return;
  }
  if (info_.tls) {
    // close_notify, best effort: the socket is non-blocking and we close right after.
    SSL_shutdown(bufferevent_openssl_get_ssl(bev));
    close_now();
    return;
  }
  state_ = State::kLingering;
  ::shutdown(bufferevent_getfd(bev), SHUT_WR);
  evbuffer* input = bufferevent_get_input(bev);
  evbuffer_drain(input, evbuffer_get_length(input));
  bufferevent_setwatermark(bev, EV_READ, 0, 0);
  set_reading(true);
  arm_timer(kLingerTime, std::nullopt);
}

void Connection::close_now() {
  if (state_ == State::kClosed) return;
  state_ = State::kClosed;
  if (timer_) event_del(timer_.get());
  bufferevent* bev = bev_.get();
  set_reading(false);
  bufferevent_disable(bev, EV_READ | EV_WRITE);
  bufferevent_setcb(bev, nullptr, nullptr, nullptr, nullptr);
  worker_.retire(*this);
}

void Connection::begin_shutdown() {
  switch (state_) {
    case State::kOpen:
      codec_->begin_shutdown();
      break;
    case State::kFlushing:
    case State::kClosed:
      break;
    case State::kHandshake:
    case State::kDetecting:
    case State::kLingering:
      close_now();
      break;
  }
}

void Connection::close_for_shutdown() {
  if (state_ != State::kClosed) peer_gone();
}

}  // namespace core::server
