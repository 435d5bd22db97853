// RAII owners for the libav objects of the pipeline, all through core::base::UniqueHandle, and
// the one helper that turns an AVERROR into text.
#pragma once

#include <string>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/audio_fifo.h>
#include <libavutil/frame.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>
}

#include "core/base/unique_handle.h"

namespace origin::transcode {

namespace detail {
inline void close_input(AVFormatContext* ctx) {
  avformat_close_input(&ctx);
}
inline void free_codec(AVCodecContext* ctx) {
  avcodec_free_context(&ctx);
}
inline void free_frame(AVFrame* frame) {
  av_frame_free(&frame);
}
inline void free_packet(AVPacket* packet) {
  av_packet_free(&packet);
}
inline void free_swr(SwrContext* ctx) {
  swr_free(&ctx);
}
inline void free_avio(AVIOContext* ctx) {
  if (ctx != nullptr) av_freep(&ctx->buffer);
  avio_context_free(&ctx);
}
}  // namespace detail

using InputContext = core::base::UniqueHandle<AVFormatContext, detail::close_input>;
// An output context whose pb is owned elsewhere (an AvioHandle).
using OutputContext = core::base::UniqueHandle<AVFormatContext, avformat_free_context>;
using CodecContext = core::base::UniqueHandle<AVCodecContext, detail::free_codec>;
using FramePtr = core::base::UniqueHandle<AVFrame, detail::free_frame>;
using PacketPtr = core::base::UniqueHandle<AVPacket, detail::free_packet>;
using SwsHandle = core::base::UniqueHandle<SwsContext, sws_freeContext>;
using SwrHandle = core::base::UniqueHandle<SwrContext, detail::free_swr>;
using AudioFifo = core::base::UniqueHandle<AVAudioFifo, av_audio_fifo_free>;
// An AVIOContext from avio_alloc_context, with its buffer.
using AvioHandle = core::base::UniqueHandle<AVIOContext, detail::free_avio>;

inline FramePtr make_frame() {
  return FramePtr(av_frame_alloc());
}
inline PacketPtr make_packet() {
  return PacketPtr(av_packet_alloc());
}

// "Invalid data found when processing input" for AVERROR_INVALIDDATA, and so on.
inline std::string av_error_text(int error) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(error, text, sizeof(text));
  return text;
}

}  // namespace origin::transcode
