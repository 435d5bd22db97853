// ConnectionPool: opening connections, the idle stack, and noticing idle connections the
// origin closed, both by watching them and by peeking once more before reusing one that sat
// idle for a while.
#include "core/client/connection_pool.h"

#include <algorithm>

namespace core::client {
namespace {

// Body sizes are the origin's business; the bound only guards the decoder's counters.
constexpr uint64_t kMaxBody = uint64_t{1} << 40;

// A connection idle for less than this is reused without peeking at its socket first: every
// close that arrived before this loop pass was already seen by its read event, origins do not
// time connections out this fast, and a close racing the request is a reset that idempotent
// requests retry anyway. Past it, one peek catches an origin that went away meanwhile.
constexpr std::chrono::milliseconds kPeekAfterIdle{1'000};

http1::Limits make_limits(const OriginOptions& options) {
  http1::Limits limits;
  limits.max_head_bytes = options.max_response_header_bytes;
  limits.max_body = kMaxBody;
  return limits;
}

}  // namespace

ConnectionPool::ConnectionPool(event_base* loop, OriginAddress origin, const OriginOptions& options,
                               metrics::Registry* registry)
    : loop_(loop),
      origin_(std::move(origin)),
      options_(options),
      limits_(make_limits(options)),
      block_size_(std::max(options.chunk_bytes, options.max_response_header_bytes) +
                  kFramingSlack) {
  if (registry != nullptr) metrics_.emplace(*registry, origin_.authority);
}

std::unique_ptr<Connection> ConnectionPool::take_idle() {
  const auto now = std::chrono::steady_clock::now();
  while (!idle_.empty()) {
    std::unique_ptr<Connection> connection = std::move(idle_.back());
    idle_.pop_back();
    connection->set_user(nullptr);
    if (now - connection->idle_since < kPeekAfterIdle || connection->quiet()) return connection;
    count(ConnectionEvent::kClosedByPeer);
  }
  return nullptr;
}

std::unique_ptr<Connection> ConnectionPool::open() {
  return Connection::open(loop_, origin_, block_size_);
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
  connection->release_input();
  connection->idle_since = std::chrono::steady_clock::now();
  connection->set_user(this);
  connection->want_write(false);
  connection->want_read(true);
  idle_.push_back(std::move(connection));
}

void ConnectionPool::on_readable(Connection& connection) {
  drop_idle(connection);
}

void ConnectionPool::on_writable(Connection& connection) {
  connection.want_write(false);
}

void ConnectionPool::drop_idle(Connection& connection) {
  auto it = std::find_if(idle_.begin(), idle_.end(), [&](const std::unique_ptr<Connection>& c) {
    return c.get() == &connection;
  });
  if (it == idle_.end()) return;
  idle_.erase(it);
  count(ConnectionEvent::kClosedByPeer);
}

}  // namespace core::client
