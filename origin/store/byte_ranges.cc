// ByteRanges: a sorted vector; uploads have few gaps, so linear scans are the simple choice.
#include "origin/store/byte_ranges.h"

#include <algorithm>

namespace origin::store {

ByteRanges::ByteRanges(std::vector<ByteSpan> spans) {
  for (const ByteSpan& span : spans) {
    if (span.first <= span.last) add(span);
  }
}

SpanFit ByteRanges::fit(ByteSpan span) const {
  int64_t held = 0;
  for (const ByteSpan& s : spans_) {
    int64_t first = std::max(s.first, span.first);
    int64_t last = std::min(s.last, span.last);
    if (first <= last) held += last - first + 1;
  }
  if (held == 0) return SpanFit::kNew;
  return held == span.last - span.first + 1 ? SpanFit::kHeld : SpanFit::kOverlap;
}

void ByteRanges::add(ByteSpan span) {
  std::vector<ByteSpan> merged;
  merged.reserve(spans_.size() + 1);
  bool placed = false;
  for (const ByteSpan& s : spans_) {
    if (s.last + 1 < span.first) {
      merged.push_back(s);
    } else if (span.last + 1 < s.first) {
      if (!placed) merged.push_back(span);
      placed = true;
      merged.push_back(s);
    } else {
      span.first = std::min(span.first, s.first);
      span.last = std::max(span.last, s.last);
    }
  }
  if (!placed) merged.push_back(span);
  spans_ = std::move(merged);
}

bool ByteRanges::covers(int64_t total) const {
  if (total == 0) return true;
  return spans_.size() == 1 && spans_[0].first == 0 && spans_[0].last == total - 1;
}

int64_t ByteRanges::bytes() const {
  int64_t sum = 0;
  for (const ByteSpan& s : spans_)
    sum += s.last - s.first + 1;
  return sum;
}

}  // namespace origin::store
