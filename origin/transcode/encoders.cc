// Opening the ladder's encoders; see encoders.h.
#include "origin/transcode/encoders.h"

#include "origin/transcode/input.h"
#include "origin/transcode/ladder.h"

extern "C" {
#include <libavutil/opt.h>
}

namespace origin::transcode {

std::expected<CodecContext, TranscodeError> open_video_encoder(const VideoEncoderSettings& s) {
  const AVCodec* codec = avcodec_find_encoder_by_name("libx264");
  if (codec == nullptr) return std::unexpected(internal_error("libx264 encoder unavailable"));
  CodecContext ctx(avcodec_alloc_context3(codec));
  if (!ctx) return std::unexpected(internal_error("out of memory"));
  ctx->width = s.width;
  ctx->height = s.height;
  ctx->pix_fmt = AV_PIX_FMT_YUV420P;
  ctx->time_base = AVRational{1, static_cast<int>(kTicksPerSecond)};
  ctx->framerate = s.frame_rate;
  ctx->sample_aspect_ratio = AVRational{1, 1};
  ctx->bit_rate = s.bitrate;
  ctx->rc_max_rate = static_cast<int64_t>(static_cast<double>(s.bitrate) * kMaxRateFactor);
  ctx->rc_buffer_size = static_cast<int>(static_cast<double>(s.bitrate) * kBufferFactor);
  ctx->gop_size = s.gop;
  ctx->thread_count = s.threads;
  ctx->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  AVDictionary* options = nullptr;
  av_dict_set(&options, "preset", s.preset.c_str(), 0);
  av_dict_set(&options, "forced-idr", "1", 0);
  av_dict_set(&options, "x264-params", kX264Params, 0);
  int err = avcodec_open2(ctx.get(), codec, &options);
  av_dict_free(&options);
  if (err < 0) return std::unexpected(internal_error("libx264: " + av_error_text(err)));
  return ctx;
}

std::expected<CodecContext, TranscodeError> open_audio_encoder(int sample_rate, int channels,
                                                               int64_t bitrate) {
  const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_AAC);
  if (codec == nullptr) return std::unexpected(internal_error("AAC encoder unavailable"));
  CodecContext ctx(avcodec_alloc_context3(codec));
  if (!ctx) return std::unexpected(internal_error("out of memory"));
  ctx->sample_fmt = AV_SAMPLE_FMT_FLTP;
  ctx->sample_rate = sample_rate;
  av_channel_layout_default(&ctx->ch_layout, channels == 1 ? 1 : 2);
  ctx->bit_rate = bitrate;
  ctx->time_base = AVRational{1, sample_rate};
  ctx->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  int err = avcodec_open2(ctx.get(), codec, nullptr);
  if (err < 0) return std::unexpected(internal_error("AAC encoder: " + av_error_text(err)));
  return ctx;
}

}  // namespace origin::transcode
