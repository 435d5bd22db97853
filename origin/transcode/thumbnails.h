// The clip's three JPEG thumbnails: pictures picked at 1/4, 1/2 and 3/4 of the clip while it
// is decoded, encoded upright with the mjpeg encoder at the end.
#pragma once

#include <array>
#include <cstdint>
#include <expected>
#include <string>

#include "origin/transcode/av_handles.h"
#include "origin/transcode/transcode.h"

namespace origin::transcode {

inline constexpr int kThumbnailCount = 3;

class ThumbnailPicker {
 public:
  // `duration` in ticks; 0 when unknown (then pictures at 0, 1 and 2 s).
  explicit ThumbnailPicker(int64_t duration);
  // Sees every kept picture in order (pts in ticks from the origin); keeps references only.
  void offer(const AVFrame* frame);
  // The picked pictures; a clip shorter than a target gets its last picture there. Null
  // only when no picture was offered.
  const AVFrame* picked(int index) const;

 private:
  std::array<int64_t, kThumbnailCount> targets_ = {};
  std::array<FramePtr, kThumbnailCount> frames_;
  FramePtr last_;
};

// A JPEG of `frame` scaled to `width` x `height` as displayed, turned by `rotation`.
std::expected<std::string, TranscodeError> encode_jpeg(const AVFrame* frame, int width, int height,
                                                       int rotation);

}  // namespace origin::transcode
