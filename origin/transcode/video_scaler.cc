// Scaling and rotation of decoded frames; see video_scaler.h.
#include "origin/transcode/video_scaler.h"

#include <utility>

#include "origin/transcode/input.h"

namespace origin::transcode {
namespace {

// swscale's bilinear widens its filter with the downscaling ratio, so it does not alias, and
// costs clearly less than bicubic on the 1080p sources that dominate the work.
constexpr int kSwsFlags = SWS_BILINEAR;

// Reuses `spare` when the encoder has let go of it (libx264 copies its input), so a picture
// of the rendition costs no fresh pages.
FramePtr alloc_picture(int width, int height, FramePtr& spare) {
  if (spare && av_frame_is_writable(spare.get()) && spare->width == width &&
      spare->height == height) {
    FramePtr frame(av_frame_clone(spare.get()));
    if (frame) return frame;
  }
  FramePtr frame = make_frame();
  if (!frame) return frame;
  frame->format = AV_PIX_FMT_YUV420P;
  frame->width = width;
  frame->height = height;
  if (av_frame_get_buffer(frame.get(), 0) < 0) return nullptr;
  spare.reset(av_frame_clone(frame.get()));
  return frame;
}

void rotate_plane(const uint8_t* src, int src_stride, int w, int h, uint8_t* dst, int dst_stride,
                  int rotation) {
  if (rotation == 180) {
    for (int r = 0; r < h; ++r) {
      const uint8_t* in = src + static_cast<ptrdiff_t>(h - 1 - r) * src_stride;
      uint8_t* out = dst + static_cast<ptrdiff_t>(r) * dst_stride;
      for (int c = 0; c < w; ++c)
        out[c] = in[w - 1 - c];
    }
    return;
  }
  // Quarter turns: the output is h wide and w high. Clockwise, output (r, c) is input
  // (h-1-c, r); anticlockwise it is input (c, w-1-r).
  for (int r = 0; r < w; ++r) {
    uint8_t* out = dst + static_cast<ptrdiff_t>(r) * dst_stride;
    if (rotation == 90) {
      for (int c = 0; c < h; ++c)
        out[c] = src[static_cast<ptrdiff_t>(h - 1 - c) * src_stride + r];
    } else {
      for (int c = 0; c < h; ++c)
        out[c] = src[static_cast<ptrdiff_t>(c) * src_stride + (w - 1 - r)];
    }
  }
}

}  // namespace

void rotate_yuv420p(const AVFrame* src, AVFrame* dst, int rotation) {
  for (int plane = 0; plane < 3; ++plane) {
    int w = plane == 0 ? src->width : (src->width + 1) / 2;
    int h = plane == 0 ? src->height : (src->height + 1) / 2;
    rotate_plane(src->data[plane], src->linesize[plane], w, h, dst->data[plane],
                 dst->linesize[plane], rotation);
  }
}

VideoScaler::VideoScaler(int width, int height, int rotation)
    : width_(width), height_(height), rotation_(rotation) {}

std::expected<FramePtr, TranscodeError> VideoScaler::convert(const AVFrame* source) {
  bool quarter = rotation_ == 90 || rotation_ == 270;
  int scaled_w = quarter ? height_ : width_;
  int scaled_h = quarter ? width_ : height_;
  FramePtr scaled;
  if (source->width == scaled_w && source->height == scaled_h &&
      source->format == AV_PIX_FMT_YUV420P) {
    scaled.reset(av_frame_clone(source));
    if (!scaled) return std::unexpected(internal_error("out of memory"));
  } else {
    sws_.reset(sws_getCachedContext(sws_.release(), source->width, source->height,
                                    static_cast<AVPixelFormat>(source->format), scaled_w, scaled_h,
                                    AV_PIX_FMT_YUV420P, kSwsFlags, nullptr, nullptr, nullptr));
    if (!sws_) return std::unexpected(bad_input("video pixel format cannot be converted"));
    scaled = alloc_picture(scaled_w, scaled_h, spare_scaled_);
    if (!scaled) return std::unexpected(internal_error("out of memory"));
    sws_scale(sws_.get(), source->data, source->linesize, 0, source->height, scaled->data,
              scaled->linesize);
    av_frame_copy_props(scaled.get(), source);
  }
  if (rotation_ == 0) return scaled;
  FramePtr upright = alloc_picture(width_, height_, spare_upright_);
  if (!upright) return std::unexpected(internal_error("out of memory"));
  rotate_yuv420p(scaled.get(), upright.get(), rotation_);
  av_frame_copy_props(upright.get(), scaled.get());
  return upright;
}

}  // namespace origin::transcode
