#include "bench/delay_proxy/delay_line.h"

namespace bench::delay_proxy {

void DelayLine::push(std::span<const std::byte> bytes, TimePoint now) {
  if (bytes.empty()) return;
  chunks_.push_back(Chunk{now + delay_, Item::kData, {bytes.begin(), bytes.end()}});
  buffered_ += bytes.size();
}

void DelayLine::push_end(Item end, TimePoint now) {
  chunks_.push_back(Chunk{now + delay_, end, {}});
}

std::span<const std::byte> DelayLine::front_bytes() const {
  const Chunk& chunk = chunks_.front();
  return std::span(chunk.bytes).subspan(chunk.written);
}

void DelayLine::consume(size_t n) {
  Chunk& chunk = chunks_.front();
  chunk.written += n;
  buffered_ -= n;
  if (chunk.written == chunk.bytes.size()) chunks_.pop_front();
}

void DelayLine::pop_end() {
  chunks_.pop_front();
}

void DelayLine::clear() {
  chunks_.clear();
  buffered_ = 0;
}

}  // namespace bench::delay_proxy
