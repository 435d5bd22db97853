// The bytes of one direction between their read and their write. Each read becomes a chunk
// due `delay` after it was read; chunks leave in read order, and the end of the stream (a FIN
// or a reset) queues behind them like data. Pure: the caller passes the time.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <span>
#include <vector>

namespace bench::delay_proxy {

class DelayLine {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  enum class Item : uint8_t {
    kData,   // bytes to write
    kFin,    // the source half-closed: shut the sink's write side
    kReset,  // the source failed: reset the sink
  };

  explicit DelayLine(std::chrono::microseconds delay) : delay_(delay) {}

  // Queues `bytes` read at `now`.
  void push(std::span<const std::byte> bytes, TimePoint now);
  // Queues the end of the stream, seen at `now`.
  void push_end(Item end, TimePoint now);

  bool empty() const { return chunks_.empty(); }
  // The front item and when it may leave; both need !empty().
  Item front() const { return chunks_.front().item; }
  TimePoint front_due() const { return chunks_.front().due; }
  // The front chunk's bytes not written yet; needs front() == kData.
  std::span<const std::byte> front_bytes() const;
  // `n` bytes of the front chunk were written (at most front_bytes().size()); a chunk written
  // whole leaves the line.
  void consume(size_t n);
  // Takes off the front end-of-stream item.
  void pop_end();
  // Drops everything: the sink is gone.
  void clear();
  // Data bytes queued, the quantity bounded by the pipe's buffer limit. A chunk's own few
  // dozen bytes are not counted: reads take up to 64 KiB, so they weigh only for a peer that
  // writes a byte at a time.
  size_t buffered() const { return buffered_; }

 private:
  struct Chunk {
    TimePoint due;
    Item item;
    std::vector<std::byte> bytes;
    size_t written = 0;
  };

  std::chrono::microseconds delay_;
  std::deque<Chunk> chunks_;
  size_t buffered_ = 0;
};

}  // namespace bench::delay_proxy
