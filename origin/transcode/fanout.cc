// Fan-out of the decoded stream to the renditions; see fanout.h.
#include "origin/transcode/fanout.h"

namespace origin::transcode {

bool Fanout::push_video(const AVFrame* frame, int64_t duration, bool cut) {
  for (WorkQueue* queue : queues_) {
    WorkItem item;
    item.video.reset(av_frame_clone(frame));
    item.duration = duration;
    item.cut = cut;
    if (!item.video || !queue->push(std::move(item))) return false;
  }
  return true;
}

bool Fanout::push_audio(const AVPacket* packet) {
  for (WorkQueue* queue : queues_) {
    WorkItem item;
    item.audio.reset(av_packet_clone(packet));
    if (!item.audio || !queue->push(std::move(item))) return false;
  }
  return true;
}

void Fanout::close() {
  for (WorkQueue* queue : queues_)
    queue->close();
}

void Fanout::abort() {
  for (WorkQueue* queue : queues_)
    queue->abort();
}

}  // namespace origin::transcode
