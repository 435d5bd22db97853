// Pipe: one read of at most 64 KiB per readable event (the loop is level-triggered, so a busy
// source is read again on the next pass, fairly with the other sockets), writes of at most one
// burst of the shaper, and one timer for whichever comes first of the next due chunk and the
// shaper's next allowance.
#include "bench/delay_proxy/pipe.h"

#include <sys/socket.h>

#include <array>
#include <cerrno>

namespace bench::delay_proxy {
namespace {

constexpr size_t kReadSize = size_t{64} * 1024;

bool would_block(int error) {
  return error == EAGAIN || error == EWOULDBLOCK || error == EINTR;
}

}  // namespace

Pipe::Pipe(event_base* loop, const core::base::Clock& clock, PipeShared& shared, int source,
           int sink, Owner& owner)
    : clock_(clock),
      shared_(shared),
      source_(source),
      sink_(sink),
      owner_(owner),
      line_(shared.link.delay),
      shaper_(shared.link.connection_rate, shared.route_bucket ? &*shared.route_bucket : nullptr,
              burst_for(shared.link.route_rate), to_millis(clock.now())),
      read_(event_new(
          loop, source, EV_READ | EV_PERSIST,
          [](evutil_socket_t, short, void* pipe) { static_cast<Pipe*>(pipe)->on_readable(); },
          this)),
      write_(event_new(
          loop, sink, EV_WRITE,
          [](evutil_socket_t, short, void* pipe) { static_cast<Pipe*>(pipe)->pump(); }, this)),
      timer_(evtimer_new(
          loop, [](evutil_socket_t, short, void* pipe) { static_cast<Pipe*>(pipe)->pump(); },
          this)) {}

Pipe::~Pipe() {
  discard();
}

void Pipe::start() {
  started_ = true;
  pump();
}

void Pipe::source_failed() {
  if (stopped_ || reset_queued_) return;
  end_source(DelayLine::Item::kReset);
  pump();
}

void Pipe::stop() {
  stopped_ = true;
  reading_ = false;
  event_del(read_.get());
  event_del(write_.get());
  event_del(timer_.get());
  discard();
}

void Pipe::on_readable() {
  std::array<std::byte, kReadSize> scratch;
  const size_t room = shared_.buffer_limit - line_.buffered();
  const ssize_t n = ::recv(source_, scratch.data(), std::min(room, scratch.size()), 0);
  if (n < 0 && would_block(errno)) return;
  if (n > 0) {
    line_.push(std::span(scratch).first(static_cast<size_t>(n)), clock_.now());
    shared_.metrics.buffered.add(n);
  } else {
    end_source(n == 0 ? DelayLine::Item::kFin : DelayLine::Item::kReset);
  }
  pump();
}

void Pipe::end_source(DelayLine::Item end) {
  source_open_ = false;
  reset_queued_ = end == DelayLine::Item::kReset;
  line_.push_end(end, clock_.now());
}

void Pipe::pump() {
  drain();
  if (!stopped_) update_reading();
}

void Pipe::drain() {
  while (!stopped_ && !line_.empty()) {
    const TimePoint now = clock_.now();
    if (line_.front_due() > now) {
      arm_timer(timer_.get(), line_.front_due() - now);
      return;
    }
    switch (line_.front()) {
      case DelayLine::Item::kData:
        if (!write_front(now)) return;
        break;
      case DelayLine::Item::kReset:
        owner_.on_reset_due(*this);
        return;
      case DelayLine::Item::kFin:
        line_.pop_end();
        ::shutdown(sink_, SHUT_WR);
        fin_delivered_ = true;
        // A reset queued behind the FIN goes on; the connection ends with it.
        if (line_.empty()) owner_.on_fin_delivered(*this);
        break;
    }
  }
}

bool Pipe::write_front(TimePoint now) {
  const auto bytes = line_.front_bytes();
  const int64_t now_ms = to_millis(now);
  const size_t allowed = shaper_.allowance(bytes.size(), now_ms);
  if (allowed == 0) {
    arm_timer(timer_.get(), from_millis(shaper_.ready_at(bytes.size(), now_ms)) - now);
    return false;
  }
  const ssize_t n = ::send(sink_, bytes.data(), allowed, MSG_NOSIGNAL);
  if (n < 0) {
    if (would_block(errno)) {
      event_add(write_.get(), nullptr);
    } else {
      sink_failed();
    }
    return false;
  }
  const auto written = static_cast<size_t>(n);
  shaper_.charge(written);
  line_.consume(written);
  shared_.metrics.bytes.inc(written);
  shared_.metrics.buffered.add(-n);
  if (written < allowed) {
    event_add(write_.get(), nullptr);
    return false;
  }
  return true;
}

void Pipe::sink_failed() {
  stop();
  owner_.on_sink_failed(*this);
}

void Pipe::update_reading() {
  const bool wanted = started_ && source_open_ && line_.buffered() < shared_.buffer_limit;
  if (wanted == reading_) return;
  reading_ = wanted;
  if (wanted) {
    event_add(read_.get(), nullptr);
  } else {
    event_del(read_.get());
  }
}

void Pipe::discard() {
  shared_.metrics.buffered.add(-static_cast<int64_t>(line_.buffered()));
  line_.clear();
}

}  // namespace bench::delay_proxy
