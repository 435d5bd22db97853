// One direction of a proxied connection: reads its source into a DelayLine, and writes to its
// sink what is due, at its Shaper's pace. It owns its events, not the sockets, and never more
// than the buffer limit of bytes: at the limit it stops reading until writes drain some.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "bench/delay_proxy/delay_line.h"
#include "bench/delay_proxy/loop_handles.h"
#include "bench/delay_proxy/proxy_metrics.h"
#include "bench/delay_proxy/shaper.h"
#include "core/base/clock.h"
#include "prefetch/token_bucket.h"

namespace bench::delay_proxy {

// What every pipe of one direction of a route shares: the link settings, the route's shared
// bucket (when it has a link rate) and the counters.
struct PipeShared {
  LinkDirection link;
  size_t buffer_limit;
  std::optional<prefetch::TokenBucket> route_bucket;
  DirectionMetrics metrics;
};

class Pipe {
 public:
  // Told of the ends of a pipe. Each call may close the connection (and stop both pipes).
  class Owner {
   public:
    virtual ~Owner() = default;
    // The source's FIN reached the sink, whose write side is now shut.
    virtual void on_fin_delivered(Pipe& pipe) = 0;
    // The source's reset is due at the sink.
    virtual void on_reset_due(Pipe& pipe) = 0;
    // Writing to the sink failed: its peer is gone, which the other direction reads as a reset.
    virtual void on_sink_failed(Pipe& pipe) = 0;
  };

  // `source` and `sink` are connected non-blocking sockets that outlive the pipe's events (stop()
  // comes before they close); `shared` and `owner` outlive the pipe.
  Pipe(event_base* loop, const core::base::Clock& clock, PipeShared& shared, int source, int sink,
       Owner& owner);
  ~Pipe();
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;

  // Reads the source and writes the sink from now on.
  void start();
  // The source is gone without a FIN: after what is queued, a reset crosses the delay.
  void source_failed();
  // No more reads, writes or timers; what is queued is dropped. Before the sockets close.
  void stop();
  bool fin_delivered() const { return fin_delivered_; }

 private:
  void on_readable();
  // Writes what is due, then waits for the next due time, the shaper, or a writable sink.
  void pump();
  void drain();
  // Writes from the front chunk; false when the pipe must wait (or has ended).
  bool write_front(TimePoint now);
  void end_source(DelayLine::Item end);
  void sink_failed();
  void update_reading();
  void discard();

  const core::base::Clock& clock_;
  PipeShared& shared_;
  int source_;
  int sink_;
  Owner& owner_;
  DelayLine line_;
  Shaper shaper_;
  bool started_ = false;
  bool reading_ = false;
  bool source_open_ = true;
  bool reset_queued_ = false;
  bool fin_delivered_ = false;
  bool stopped_ = false;
  Event read_;
  Event write_;
  Event timer_;
};

}  // namespace bench::delay_proxy
