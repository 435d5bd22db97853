// The byte ranges of an upload received so far: sorted, disjoint, adjacent ones merged. A
// chunk may be new, an exact repeat of bytes already held (a client retrying after a lost
// answer), or overlap what is held only in part, which the upload API refuses.
#pragma once

#include <cstdint>
#include <vector>

namespace origin::store {

struct ByteSpan {
  int64_t first = 0;
  int64_t last = 0;  // inclusive
  bool operator==(const ByteSpan&) const = default;
};

enum class SpanFit : uint8_t {
  kNew,      // no byte of it is held yet
  kHeld,     // every byte of it is held already
  kOverlap,  // some bytes are held and some are not
};

class ByteRanges {
 public:
  ByteRanges() = default;
  explicit ByteRanges(std::vector<ByteSpan> spans);  // normalised (sorted, merged)

  SpanFit fit(ByteSpan span) const;
  // Adds `span` (first <= last), merging with neighbours.
  void add(ByteSpan span);
  // Whether [0, total) is held in full; an empty upload (total 0) always is.
  bool covers(int64_t total) const;
  int64_t bytes() const;
  const std::vector<ByteSpan>& spans() const { return spans_; }

 private:
  std::vector<ByteSpan> spans_;
};

}  // namespace origin::store
