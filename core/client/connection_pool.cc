// ConnectionPool: opening connections, the idle stack, and noticing idle connections the
// origin closed, both by watching them and by peeking once more before reuse.
#include "core/client/connection_pool.h"

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

namespace core::client {
namespace {

// Body sizes are the origin's business; the bound only guards the decoder's counters.
constexpr uint64_t kMaxBody = uint64_t{1} << 40;

http1::Limits make_limits(const OriginOptions& options) {
  http1::Limits limits;
  limits.max_head_bytes = options.max_response_header_bytes;
  limits.max_body = kMaxBody;
  return limits;
}

// True when the origin has neither closed the socket nor sent anything on it: only then can a
// request be written on it without racing a close that is already under way.
bool socket_quiet(bufferevent* bev) {
  if (evbuffer_get_length(bufferevent_get_input(bev)) != 0) return false;
  const int fd = bufferevent_getfd(bev);
  if (fd < 0) return false;
  char byte;
  const ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

}  // namespace

void free_bufferevent(bufferevent* bev) {
  bufferevent_free(bev);
}

ConnectionPool::ConnectionPool(event_base* loop, OriginAddress origin, const OriginOptions& options,
                               metrics::Registry* registry)
    : loop_(loop), origin_(std::move(origin)), options_(options), limits_(make_limits(options)) {
  if (registry != nullptr) metrics_.emplace(*registry, origin_.authority);
}

std::unique_ptr<Connection> ConnectionPool::take_idle() {
  while (!idle_.empty()) {
    std::unique_ptr<Connection> connection = std::move(idle_.back());
    idle_.pop_back();
    bufferevent* bev = connection->bev.get();
    bufferevent_disable(bev, EV_READ);
    bufferevent_setcb(bev, nullptr, nullptr, nullptr, nullptr);
    if (socket_quiet(bev)) return connection;
    count(ConnectionEvent::kClosedByPeer);
  }
  return nullptr;
}

std::unique_ptr<Connection> ConnectionPool::open() {
  BuffereventHandle bev(bufferevent_socket_new(loop_, -1, BEV_OPT_CLOSE_ON_FREE));
  if (!bev) return nullptr;
  auto* address = reinterpret_cast<sockaddr*>(&origin_.address);
  if (bufferevent_socket_connect(bev.get(), address, static_cast<int>(origin_.address_size)) != 0) {
    return nullptr;
  }
  const int fd = bufferevent_getfd(bev.get());
  if (fd >= 0) {
    // Requests are small and written whole; waiting for more to coalesce only adds latency.
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  }
  auto connection = std::make_unique<Connection>();
  connection->bev = std::move(bev);
  return connection;
}

void ConnectionPool::give_back(std::unique_ptr<Connection> connection) {
  if (options_.max_idle_connections == 0) {
    count(ConnectionEvent::kOverCapacity);
    return;
  }
  if (idle_.size() >= options_.max_idle_connections) {
    idle_.erase(idle_.begin());
    count(ConnectionEvent::kOverCapacity);
  }
  bufferevent* bev = connection->bev.get();
  bufferevent_set_timeouts(bev, nullptr, nullptr);
  bufferevent_setcb(bev, &ConnectionPool::on_idle_read, nullptr, &ConnectionPool::on_idle_event,
                    this);
  bufferevent_enable(bev, EV_READ);
  idle_.push_back(std::move(connection));
}

void ConnectionPool::on_idle_read(bufferevent* bev, void* ctx) {
  // An origin has nothing to say on an idle connection; whatever it sent cannot be framed.
  static_cast<ConnectionPool*>(ctx)->drop_idle(bev);
}

void ConnectionPool::on_idle_event(bufferevent* bev, short /*what*/, void* ctx) {
  static_cast<ConnectionPool*>(ctx)->drop_idle(bev);
}

void ConnectionPool::drop_idle(bufferevent* bev) {
  auto it = std::find_if(idle_.begin(), idle_.end(),
                         [&](const std::unique_ptr<Connection>& c) { return c->bev.get() == bev; });
  if (it == idle_.end()) return;
  idle_.erase(it);
  count(ConnectionEvent::kClosedByPeer);
}

}  // namespace core::client
