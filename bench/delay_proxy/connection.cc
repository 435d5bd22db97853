#include "bench/delay_proxy/connection.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace bench::delay_proxy {

Connection::Connection(RouteContext& context, ConnectionHost& host, core::base::UniqueFd client,
                       core::base::UniqueFd target,
                       const core::server::SocketAddress& target_address)
    : context_(context),
      host_(host),
      client_(std::move(client)),
      target_(std::move(target)),
      target_address_(target_address),
      up_(context.loop, context.clock, context.up, client_.get(), target_.get(), *this),
      down_(context.loop, context.clock, context.down, target_.get(), client_.get(), *this),
      timer_(evtimer_new(
          context.loop,
          [](evutil_socket_t, short, void* self) { static_cast<Connection*>(self)->on_timer(); },
          this)),
      connect_(event_new(
          context.loop, target_.get(), EV_WRITE,
          [](evutil_socket_t, short what, void* self) {
            static_cast<Connection*>(self)->on_connect_event(what);
          },
          this)) {}

void Connection::begin() {
  arm_timer(timer_.get(), context_.up.link.delay);
}

void Connection::on_timer() {
  switch (phase_) {
    case Phase::kSyn:
      connect_target();
      return;
    case Phase::kSynAck:
      phase_ = Phase::kOpen;
      up_.start();
      return;
    case Phase::kRefusing:
      close(Close::kReset);
      return;
    case Phase::kConnecting:
    case Phase::kOpen:
    case Phase::kClosed:
      return;
  }
}

void Connection::connect_target() {
  if (::connect(target_.get(), reinterpret_cast<const sockaddr*>(&target_address_.storage),
                target_address_.size) != 0 &&
      errno != EINPROGRESS) {
    connect_failed(errno);
    return;
  }
  // Also when connect() succeeded at once: the event fires at once for a connected socket.
  phase_ = Phase::kConnecting;
  const timeval timeout = to_timeval(context_.connect_timeout);
  event_add(connect_.get(), &timeout);
}

void Connection::on_connect_event(short what) {
  if ((what & EV_TIMEOUT) != 0) {
    connect_failed(ETIMEDOUT);
    return;
  }
  int error = 0;
  socklen_t size = sizeof(error);
  if (::getsockopt(target_.get(), SOL_SOCKET, SO_ERROR, &error, &size) != 0) error = errno;
  if (error != 0) {
    connect_failed(error);
    return;
  }
  phase_ = Phase::kSynAck;
  down_.start();
  arm_timer(timer_.get(), context_.down.link.delay);
}

void Connection::connect_failed(int error) {
  context_.metrics.failed.inc();
  context_.log.debug("target connect failed",
                     {{"route", context_.name},
                      {"target", core::server::format_peer(
                                     reinterpret_cast<const sockaddr*>(&target_address_.storage))},
                      {"error", std::strerror(error)}});
  phase_ = Phase::kRefusing;
  arm_timer(timer_.get(), context_.down.link.delay);
}

void Connection::close(Close how) {
  phase_ = Phase::kClosed;
  up_.stop();
  down_.stop();
  event_del(timer_.get());
  event_del(connect_.get());
  if (how == Close::kReset) {
    // SO_LINGER with a zero timeout makes close() send a reset instead of a FIN.
    const linger abort{1, 0};
    for (int fd : {client_.get(), target_.get()})
      ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort, sizeof(abort));
  }
  client_.reset();
  target_.reset();
  host_.retire(*this);
}

void Connection::on_fin_delivered(Pipe&) {
  if (up_.fin_delivered() && down_.fin_delivered()) close(Close::kGraceful);
}

void Connection::on_reset_due(Pipe&) {
  close(Close::kReset);
}

void Connection::on_sink_failed(Pipe& pipe) {
  (&pipe == &up_ ? down_ : up_).source_failed();
}

}  // namespace bench::delay_proxy
