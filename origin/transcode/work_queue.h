// The bounded hand-off from the decoding thread to one rendition thread: decoded pictures
// (shared buffers, referenced not copied) and encoded audio packets, in decoding order.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

#include "origin/transcode/av_handles.h"

namespace origin::transcode {

struct WorkItem {
  FramePtr video;        // a source picture, pts in ticks; or
  PacketPtr audio;       // an AAC packet of the shared audio encoder
  int64_t duration = 0;  // video: ticks until the next picture
  bool cut = false;      // video: a segment starts here (keyframe in every rendition)
};

class WorkQueue {
 public:
  explicit WorkQueue(size_t capacity) : capacity_(capacity) {}

  // Blocks while full; false once closed (the consumer gave up or the job is abandoned).
  bool push(WorkItem item);
  // Blocks while empty; nullopt when closed and drained, or aborted.
  std::optional<WorkItem> pop();
  // No more items: the consumer drains what is queued, then pop() gives nullopt.
  void close();
  // Stop now, both sides: pending items are dropped.
  void abort();
  bool aborted();

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<WorkItem> items_;
  size_t capacity_;
  bool closed_ = false;
  bool aborted_ = false;
};

}  // namespace origin::transcode
