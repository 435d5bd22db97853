// Thumbnail picking and JPEG encoding; see thumbnails.h.
#include "origin/transcode/thumbnails.h"

#include "origin/transcode/input.h"
#include "origin/transcode/ladder.h"
#include "origin/transcode/video_scaler.h"

namespace origin::transcode {
namespace {

constexpr int kJpegQuality = 4;  // mjpeg qscale: 2 is best, 31 worst

FramePtr alloc_jpeg_picture(int width, int height) {
  FramePtr frame = make_frame();
  if (!frame) return frame;
  frame->format = AV_PIX_FMT_YUVJ420P;
  frame->width = width;
  frame->height = height;
  if (av_frame_get_buffer(frame.get(), 0) < 0) frame.reset();
  return frame;
}

}  // namespace

ThumbnailPicker::ThumbnailPicker(int64_t duration) {
  for (int i = 0; i < kThumbnailCount; ++i) {
    targets_[i] = duration > 0 ? duration * (i + 1) / (kThumbnailCount + 1) : i * kTicksPerSecond;
  }
}

void ThumbnailPicker::offer(const AVFrame* frame) {
  for (int i = 0; i < kThumbnailCount; ++i) {
    if (!frames_[i] && frame->pts >= targets_[i]) frames_[i].reset(av_frame_clone(frame));
  }
  if (!frames_[kThumbnailCount - 1]) last_.reset(av_frame_clone(frame));
}

const AVFrame* ThumbnailPicker::picked(int index) const {
  if (index < 0 || index >= kThumbnailCount) return nullptr;
  return frames_[index] ? frames_[index].get() : last_.get();
}

std::expected<std::string, TranscodeError> encode_jpeg(const AVFrame* frame, int width, int height,
                                                       int rotation) {
  bool quarter = rotation == 90 || rotation == 270;
  int scaled_w = quarter ? height : width;
  int scaled_h = quarter ? width : height;
  SwsHandle sws(sws_getContext(frame->width, frame->height,
                               static_cast<AVPixelFormat>(frame->format), scaled_w, scaled_h,
                               AV_PIX_FMT_YUVJ420P, SWS_BICUBIC, nullptr, nullptr, nullptr));
  FramePtr scaled = alloc_jpeg_picture(scaled_w, scaled_h);
  if (!sws || !scaled) return std::unexpected(internal_error("thumbnail scaling failed"));
  sws_scale(sws.get(), frame->data, frame->linesize, 0, frame->height, scaled->data,
            scaled->linesize);
  if (rotation != 0) {
    FramePtr upright = alloc_jpeg_picture(width, height);
    if (!upright) return std::unexpected(internal_error("out of memory"));
    rotate_yuv420p(scaled.get(), upright.get(), rotation);
    scaled = std::move(upright);
  }

  const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
  if (codec == nullptr) return std::unexpected(internal_error("mjpeg encoder unavailable"));
  CodecContext ctx(avcodec_alloc_context3(codec));
  if (!ctx) return std::unexpected(internal_error("out of memory"));
  ctx->width = width;
  ctx->height = height;
  ctx->pix_fmt = AV_PIX_FMT_YUVJ420P;
  ctx->time_base = AVRational{1, 25};
  ctx->flags |= AV_CODEC_FLAG_QSCALE;
  ctx->global_quality = FF_QP2LAMBDA * kJpegQuality;
  if (avcodec_open2(ctx.get(), codec, nullptr) < 0) {
    return std::unexpected(internal_error("mjpeg encoder failed to open"));
  }
  scaled->pts = 0;
  scaled->quality = ctx->global_quality;
  PacketPtr packet = make_packet();
  if (!packet || avcodec_send_frame(ctx.get(), scaled.get()) < 0 ||
      avcodec_send_frame(ctx.get(), nullptr) < 0 ||
      avcodec_receive_packet(ctx.get(), packet.get()) < 0) {
    return std::unexpected(internal_error("mjpeg encoding failed"));
  }
  return std::string(reinterpret_cast<const char*>(packet->data),
                     static_cast<size_t>(packet->size));
}

}  // namespace origin::transcode
