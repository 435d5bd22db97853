// Cleartext socket I/O of a Connection. The bufferevent keeps the buffers the codecs use, but
// reading and the common case of writing bypass it: a bufferevent reads at most 4 KiB at a time
// after a FIONREAD ioctl each, and writes only after waiting for the socket's write readiness.
// Here one read per readiness takes what the codec's read limit allows, and output is written
// once a codec says a response is complete in it, else at the end of the loop pass that queued
// it, the bufferevent's write event taking over only what the socket did not take.
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <utility>

#include "core/server/connection.h"
#include "core/server/worker.h"

namespace core::server {
namespace {

// Bytes one read may take; large enough for a burst of pipelined or multiplexed requests.
constexpr size_t kReadSize = size_t{16} * 1024;

// Output with a file span in it, at least this large, is written corked: the head's writev and
// the span's sendfile then leave in full-sized segments instead of the head in a packet of its
// own (measured on 800 KB segments over loopback: 1.6x the requests a second). Output in
// memory alone is not: one writev already fills segments, and corking it cost half the
// requests a second on the same segments from memory over HTTP/1.1, and a quarter over
// HTTP/2. Smaller output leaves in a packet or two anyway, and corking it would only cost two
// system calls.
constexpr size_t kCorkFrom = size_t{64} * 1024;

void set_cork(evutil_socket_t fd, bool on) {
  const int value = on ? 1 : 0;
  ::setsockopt(fd, IPPROTO_TCP, TCP_CORK, &value, sizeof(value));
}

}  // namespace

bool Connection::make_socket_events(evutil_socket_t fd) {
  flush_.reset(event_new(loop(), -1, 0, &Connection::on_flush, this));
  read_event_.reset(
      event_new(loop(), fd, EV_READ | EV_PERSIST, &Connection::on_socket_readable, this));
  return flush_ && read_event_;
}

void Connection::on_flush(evutil_socket_t, short, void* arg) {
  static_cast<Connection*>(arg)->flush();
}

void Connection::schedule_flush() {
  if (flush_scheduled_) return;
  flush_scheduled_ = true;
  event_active(flush_.get(), EV_WRITE, 0);
}

void Connection::flush() {
  // Once more to the back of the pass's queue: work activated after the first add (a body
  // chunk posted behind the head it follows) joins the same write.
  if (!flush_requeued_) {
    flush_requeued_ = true;
    event_active(flush_.get(), EV_WRITE, 0);
    return;
  }
  flush_requeued_ = false;
  flush_scheduled_ = false;
  const bool wrote_early = std::exchange(wrote_early_, false);
  if (state_ != State::kOpen && state_ != State::kFlushing) return;
  bufferevent* bev = bev_.get();
  if (bufferevent_get_enabled(bev) & EV_WRITE) return;  // the write event has it already
  evbuffer* output = bufferevent_get_output(bev);
  if (evbuffer_get_length(output) > 0) {
    if (!write_output()) {
      peer_gone();
      return;
    }
    if (evbuffer_get_length(output) > 0) {
      bufferevent_enable(bev, EV_WRITE);
      return;
    }
  } else if (!wrote_early) {
    return;
  }
  // What the bufferevent would report after writing the output down to its low watermark.
  write_ready();
}

void Connection::write_now() {
  if (!flush_scheduled_ || (state_ != State::kOpen && state_ != State::kFlushing)) return;
  bufferevent* bev = bev_.get();
  if (bufferevent_get_enabled(bev) & EV_WRITE) return;
  const size_t queued = evbuffer_get_length(bufferevent_get_output(bev));
  if (queued == 0) return;
  write_output();
  if (evbuffer_get_length(bufferevent_get_output(bev)) < queued) {
    wrote_early_ = true;
    // Nothing can join a write that is already out: the pass's flush only reports it.
    flush_requeued_ = true;
  }
}

bool Connection::write_output() {
  // The bufferevent keeps the front of its output frozen against everyone but its own writes.
  // One write stops where memory meets a file span (writev, then sendfile): go on while the
  // socket takes bytes.
  evbuffer* output = bufferevent_get_output(bev_.get());
  const evutil_socket_t fd = bufferevent_getfd(bev_.get());
  const bool cork = file_in_output_ && evbuffer_get_length(output) >= kCorkFrom;
  if (cork) set_cork(fd, true);
  evbuffer_unfreeze(output, 1);
  int written = 0;
  do {
    errno = 0;
    written = evbuffer_write(output, fd);
  } while (written > 0 && evbuffer_get_length(output) > 0);
  evbuffer_freeze(output, 1);
  const int error = errno;
  if (evbuffer_get_length(output) == 0) file_in_output_ = false;
  // Uncorking sends what is left of a segment at once; what the socket did not take goes
  // uncorked by the write event.
  if (cork) set_cork(fd, false);
  return written >= 0 || error == EAGAIN || error == EWOULDBLOCK || error == EINTR;
}

void Connection::set_reading(bool on) {
  if (!read_event_) {
    if (on) {
      bufferevent_enable(bev_.get(), EV_READ);
    } else {
      bufferevent_disable(bev_.get(), EV_READ);
    }
    return;
  }
  reading_wanted_ = on;
  update_read_interest();
}

void Connection::update_read_interest() {
  bool wanted = reading_wanted_;
  if (wanted) {
    size_t low = 0;
    size_t high = 0;
    bufferevent_getwatermark(bev_.get(), EV_READ, &low, &high);
    wanted = high == 0 || evbuffer_get_length(bufferevent_get_input(bev_.get())) < high;
  }
  if (wanted == read_registered_) return;
  read_registered_ = wanted;
  if (wanted) {
    event_add(read_event_.get(), nullptr);
  } else {
    event_del(read_event_.get());
  }
}

void Connection::on_socket_readable(evutil_socket_t, short, void* arg) {
  auto* self = static_cast<Connection*>(arg);
  self->socket_readable();
  // What the requests just read posted (a cache hit's delivery) runs before the next
  // connection's turn, and write_now() sends each finished response at once.
  self->worker_.mailbox().run_posted_here();
}

void Connection::socket_readable() {
  bufferevent* bev = bev_.get();
  evbuffer* input = bufferevent_get_input(bev);
  size_t room = kReadSize;
  size_t low = 0;
  size_t high = 0;
  bufferevent_getwatermark(bev, EV_READ, &low, &high);
  if (high != 0) {
    const size_t held = evbuffer_get_length(input);
    if (held >= high) {
      update_read_interest();
      return;
    }
    room = std::min(room, high - held);
  }
  char buffer[kReadSize];
  ssize_t n;
  do {
    n = ::recv(bufferevent_getfd(bev), buffer, room, 0);
  } while (n < 0 && errno == EINTR);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
  if (n <= 0) {
    // As the bufferevent does: no more reading, then the end or the error is reported.
    set_reading(false);
    handle_event(
        static_cast<short>(BEV_EVENT_READING | (n == 0 ? BEV_EVENT_EOF : BEV_EVENT_ERROR)));
    return;
  }
  // The bufferevent keeps the end of its input frozen against everyone but its own reads.
  evbuffer_unfreeze(input, 0);
  const int added = evbuffer_add(input, buffer, static_cast<size_t>(n));
  evbuffer_freeze(input, 0);
  if (added != 0) {
    peer_gone();
    return;
  }
  update_read_interest();
  read_ready();
}

}  // namespace core::server
