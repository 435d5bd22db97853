// Hands every decoded picture and audio packet to all rendition queues: references, not
// copies, so one decode feeds the whole ladder.
#pragma once

#include <vector>

#include "origin/transcode/work_queue.h"

namespace origin::transcode {

class Fanout {
 public:
  explicit Fanout(std::vector<WorkQueue*> queues) : queues_(std::move(queues)) {}
  // False once any queue refuses (its rendition failed): the producer should stop.
  bool push_video(const AVFrame* frame, int64_t duration, bool cut);
  bool push_audio(const AVPacket* packet);
  void close();  // end of input: renditions finish their last segment
  void abort();  // give up: renditions stop at once

 private:
  std::vector<WorkQueue*> queues_;
};

}  // namespace origin::transcode
