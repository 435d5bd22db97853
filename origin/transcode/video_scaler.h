// Turns a decoded source frame into one rendition's picture: scaled to the rendition's size
// in yuv420p and turned upright by the source's display rotation. One per rendition thread.
#pragma once

#include <expected>

#include "origin/transcode/av_handles.h"
#include "origin/transcode/transcode.h"

namespace origin::transcode {

class VideoScaler {
 public:
  // `width` x `height` is the output as displayed; `rotation` the source's, clockwise.
  VideoScaler(int width, int height, int rotation);
  // A new frame with `source`'s timestamps; a reference to `source` itself when it already
  // is the output.
  std::expected<FramePtr, TranscodeError> convert(const AVFrame* source);

 private:
  int width_;
  int height_;
  int rotation_;
  SwsHandle sws_;
  FramePtr spare_scaled_;  // references to the last output buffers, for reuse
  FramePtr spare_upright_;
};

// Copies `src` (yuv420p) into `dst` (yuv420p, sides swapped for 90/270) turned clockwise by
// `rotation` degrees.
void rotate_yuv420p(const AVFrame* src, AVFrame* dst, int rotation);

}  // namespace origin::transcode
