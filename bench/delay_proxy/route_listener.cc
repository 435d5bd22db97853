#include "bench/delay_proxy/route_listener.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "bench/delay_proxy/listener_socket.h"
#include "bench/delay_proxy/shaper.h"
#include "bench/delay_proxy/transparent_socket.h"

namespace bench::delay_proxy {
namespace {

// Accepts per readable event, so that one busy route does not starve the others.
constexpr int kAcceptBatch = 64;
// How long accepting pauses when the process is out of descriptors or memory: a
// level-triggered listener would otherwise spin on the same error.
constexpr auto kAcceptPause = std::chrono::milliseconds(100);

PipeShared pipe_shared(const LinkDirection& link, const ProxyConfig& config, RouteMetrics& metrics,
                       Direction direction, int64_t now_ms) {
  PipeShared shared{link, static_cast<size_t>(config.buffer_bytes), std::nullopt,
                    metrics.of(direction)};
  if (link.route_rate > 0)
    shared.route_bucket.emplace(link.route_rate, burst_for(link.route_rate), now_ms);
  return shared;
}

// A client the proxy cannot serve sees a reset, as from a host that refused it.
void reset_on_close(int fd) {
  const linger abort{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort, sizeof(abort));
}

// The proxy paces its own writes; Nagle's algorithm would only add its own delay on top.
void set_no_delay(int fd) {
  const int on = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
}

}  // namespace

std::expected<std::unique_ptr<RouteListener>, std::string> RouteListener::open(
    event_base* loop, const core::base::Clock& clock, core::log::Logger& log,
    const ProxyConfig& config, size_t index, core::metrics::Registry& registry) {
  const Route& route = config.routes.at(index);
  auto fd = bind_listener(route.listen, route.listen_text);
  if (!fd) return std::unexpected(fd.error());
  const std::string name = std::to_string(index);
  RouteMetrics metrics = RouteMetrics::for_route(registry, name);
  const int64_t now_ms = to_millis(clock.now());
  RouteContext context{loop,
                       clock,
                       log,
                       name,
                       route,
                       config.connect_timeout,
                       pipe_shared(config.up, config, metrics, Direction::kUp, now_ms),
                       pipe_shared(config.down, config, metrics, Direction::kDown, now_ms),
                       metrics};
  std::unique_ptr<RouteListener> listener(
      new RouteListener(std::move(context), std::move(*fd), config.max_connections, config.mark));
  listener->update_accepting();
  return listener;
}

RouteListener::RouteListener(RouteContext context, core::base::UniqueFd listen_fd,
                             uint64_t max_connections, std::optional<uint32_t> mark)
    : context_(std::move(context)),
      listen_fd_(std::move(listen_fd)),
      port_(core::server::bound_port(listen_fd_.get())),
      max_connections_(max_connections),
      mark_(mark),
      accept_(event_new(
          context_.loop, listen_fd_.get(), EV_READ | EV_PERSIST,
          [](evutil_socket_t, short, void* self) {
            static_cast<RouteListener*>(self)->on_acceptable();
          },
          this)),
      resume_(evtimer_new(
          context_.loop,
          [](evutil_socket_t, short, void* self) {
            auto* listener = static_cast<RouteListener*>(self);
            listener->paused_ = false;
            listener->update_accepting();
          },
          this)),
      reap_(evtimer_new(
          context_.loop,
          [](evutil_socket_t, short, void* self) {
            static_cast<RouteListener*>(self)->retired_.clear();
          },
          this)) {}

// The connections go before the events and the socket they were accepted from.
RouteListener::~RouteListener() {
  live_.clear();
  retired_.clear();
}

void RouteListener::on_acceptable() {
  for (int i = 0; i < kAcceptBatch && live_.size() < max_connections_; ++i) {
    core::base::UniqueFd client(
        ::accept4(listen_fd_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
    if (client) {
      accept_one(std::move(client));
      continue;
    }
    if (errno == EINTR || errno == ECONNABORTED) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      context_.log.warn("cannot accept",
                        {{"route", context_.name}, {"error", std::strerror(errno)}});
      pause_accepting();
    }
    break;
  }
  update_accepting();
}

void RouteListener::accept_one(core::base::UniqueFd client) {
  context_.metrics.opened.inc();
  auto target = open_target(client.get());
  if (!target) {
    context_.metrics.failed.inc();
    context_.log.warn("cannot reach the target",
                      {{"route", context_.name}, {"error", target.error()}});
    reset_on_close(client.get());
    return;
  }
  set_no_delay(client.get());
  set_no_delay(target->first.get());
  auto connection = std::make_unique<Connection>(context_, *this, std::move(client),
                                                 std::move(target->first), target->second);
  Connection& started = *connection;
  live_.emplace(&started, std::move(connection));
  context_.metrics.active.add(1);
  started.begin();
}

std::expected<std::pair<core::base::UniqueFd, core::server::SocketAddress>, std::string>
RouteListener::open_target(int client) const {
  const auto failed = [](std::string_view what, int error) {
    return std::unexpected(std::string(what) + ": " + std::strerror(error));
  };
  core::server::SocketAddress address = context_.route.target;
  if (context_.route.transparent) {
    auto original = original_destination(client);
    if (!original) return failed("no original destination", original.error());
    address = *original;
  }
  core::base::UniqueFd target(
      ::socket(address.storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!target) return failed("cannot open a socket", errno);
  if (mark_) {
    if (auto marked = set_mark(target.get(), *mark_); !marked)
      return failed("cannot mark the socket", marked.error());
  }
  if (context_.route.transparent) {
    if (auto bound = bind_to_client_address(target.get(), client); !bound)
      return failed("cannot bind to the client's address", bound.error());
  }
  return std::pair{std::move(target), address};
}

void RouteListener::retire(Connection& connection) {
  auto it = live_.find(&connection);
  if (it == live_.end()) return;
  retired_.push_back(std::move(it->second));
  live_.erase(it);
  context_.metrics.active.add(-1);
  arm_timer(reap_.get(), std::chrono::microseconds(0));
  update_accepting();
}

void RouteListener::pause_accepting() {
  paused_ = true;
  arm_timer(resume_.get(), kAcceptPause);
}

void RouteListener::update_accepting() {
  const bool wanted = !paused_ && live_.size() < max_connections_;
  if (wanted == accepting_) return;
  accepting_ = wanted;
  if (wanted) {
    event_add(accept_.get(), nullptr);
  } else {
    event_del(accept_.get());
  }
}

}  // namespace bench::delay_proxy
