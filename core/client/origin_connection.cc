// Connection: the socket calls (connect, one read per readiness into the current block, send)
// and the two events that stay attached to the socket for its life.
#include "core/client/origin_connection.h"

#include <event2/event.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace core::client {
namespace {

// Less room than this left in a block starts a new one: small reads cost a call each.
constexpr size_t kMinRead = 4096;

}  // namespace

void free_event(event* ev) {
  event_free(ev);
}

std::unique_ptr<Connection> Connection::open(event_base* loop, const OriginAddress& origin,
                                             size_t block_size) {
  const auto* address = reinterpret_cast<const sockaddr*>(&origin.address);
  base::UniqueFd fd(::socket(address->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) return nullptr;
  // Requests are small and written whole; waiting for more to coalesce only adds latency.
  const int one = 1;
  ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  if (::connect(fd.get(), address, origin.address_size) != 0 && errno != EINPROGRESS) {
    return nullptr;
  }
  std::unique_ptr<Connection> connection(new Connection(std::move(fd), block_size));
  connection->read_event_.reset(event_new(loop, connection->fd_.get(), EV_READ | EV_PERSIST,
                                          &Connection::on_event, connection.get()));
  connection->write_event_.reset(event_new(loop, connection->fd_.get(), EV_WRITE | EV_PERSIST,
                                           &Connection::on_event, connection.get()));
  if (!connection->read_event_ || !connection->write_event_) return nullptr;
  return connection;
}

Connection::Connection(base::UniqueFd fd, size_t block_size)
    : fd_(std::move(fd)), block_size_(std::max(block_size, 2 * kMinRead)) {}

Connection::~Connection() = default;

void Connection::on_event(evutil_socket_t, short what, void* arg) {
  auto* self = static_cast<Connection*>(arg);
  if (self->user_ == nullptr) return;
  // Either call may destroy the connection: nothing of it is touched afterwards.
  if (what & EV_READ) {
    self->user_->on_readable(*self);
  } else if (what & EV_WRITE) {
    self->user_->on_writable(*self);
  }
}

void Connection::want_read(bool on) {
  if (on == reading_) return;
  reading_ = on;
  if (on) {
    event_add(read_event_.get(), nullptr);
  } else {
    event_del(read_event_.get());
  }
}

void Connection::want_write(bool on) {
  if (on == writing_) return;
  writing_ = on;
  if (on) {
    event_add(write_event_.get(), nullptr);
  } else {
    event_del(write_event_.get());
  }
}

ReadResult Connection::read() {
  const size_t unread = end_ - begin_;
  if (!block_ || block_size_ - end_ < kMinRead) {
    // Unread bytes (part of a head or of framing) move to the front of a block of their own;
    // the old block stays with the chunks that still reference it.
    const size_t size = std::max(block_size_, unread + kMinRead);
    if (block_ && block_.use_count() == 1 && size == block_size_) {
      std::memmove(block_.get(), block_.get() + begin_, unread);
    } else {
      std::shared_ptr<char[]> next = std::make_shared_for_overwrite<char[]>(size);
      if (unread > 0) std::memcpy(next.get(), block_.get() + begin_, unread);
      block_ = std::move(next);
      block_size_ = size;
    }
    begin_ = 0;
    end_ = unread;
  }
  for (;;) {
    const ssize_t n = ::read(fd_.get(), block_.get() + end_, block_size_ - end_);
    if (n > 0) {
      end_ += static_cast<size_t>(n);
      return ReadResult::kData;
    }
    if (n == 0) return ReadResult::kEnd;
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK ? ReadResult::kAgain : ReadResult::kError;
  }
}

ssize_t Connection::send(std::string_view bytes) {
  for (;;) {
    const ssize_t n = ::send(fd_.get(), bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n >= 0 || errno != EINTR) return n;
  }
}

int Connection::connect_error() const {
  int error = 0;
  socklen_t size = sizeof(error);
  if (::getsockopt(fd_.get(), SOL_SOCKET, SO_ERROR, &error, &size) != 0) return errno;
  return error;
}

bool Connection::quiet() const {
  if (end_ != begin_) return false;
  char byte;
  const ssize_t n = ::recv(fd_.get(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

std::string_view Connection::input() const {
  return block_ ? std::string_view(block_.get() + begin_, end_ - begin_) : std::string_view();
}

void Connection::consume(size_t n) {
  begin_ += std::min(n, end_ - begin_);
  if (begin_ == end_ && block_.use_count() == 1) begin_ = end_ = 0;
}

http::Chunk Connection::share(std::string_view bytes) const {
  // A small piece is copied instead: kept by a cache, it would pin a whole block.
  if (bytes.size() * 2 < block_size_) return http::Chunk::copy_of(bytes);
  return http::Chunk{block_, bytes};
}

void Connection::release_input() {
  if (begin_ != end_) return;
  block_.reset();
  begin_ = end_ = 0;
}

}  // namespace core::client
