// Decode, resample and encode the clip's audio once; see audio_pipeline.h.
#include "origin/transcode/audio_pipeline.h"

#include <algorithm>
#include <array>

#include "origin/transcode/encoders.h"
#include "origin/transcode/input.h"

namespace origin::transcode {
namespace {

// Rates AAC signals directly; anything else is resampled to 48 kHz.
constexpr std::array<int, 12> kAacRates = {96000, 88200, 64000, 48000, 44100, 32000,
                                           24000, 22050, 16000, 12000, 11025, 8000};
constexpr int kDefaultRate = 48000;
constexpr int kSilenceChunk = 4096;

}  // namespace

std::expected<AudioPipeline, TranscodeError> AudioPipeline::open(const AVStream* stream,
                                                                 int64_t origin, int64_t bitrate) {
  AudioPipeline pipeline;
  const AVCodec* codec = avcodec_find_decoder(stream->codecpar->codec_id);
  if (codec == nullptr) return std::unexpected(bad_input("unsupported audio codec"));
  pipeline.decoder_.reset(avcodec_alloc_context3(codec));
  if (!pipeline.decoder_ ||
      avcodec_parameters_to_context(pipeline.decoder_.get(), stream->codecpar) < 0) {
    return std::unexpected(internal_error("out of memory"));
  }
  pipeline.decoder_->pkt_timebase = stream->time_base;
  if (avcodec_open2(pipeline.decoder_.get(), codec, nullptr) < 0) {
    return std::unexpected(bad_input("audio stream cannot be decoded"));
  }
  int rate = stream->codecpar->sample_rate;
  if (std::ranges::find(kAacRates, rate) == kAacRates.end()) rate = kDefaultRate;
  int channels = stream->codecpar->ch_layout.nb_channels == 1 ? 1 : 2;
  auto encoder = open_audio_encoder(rate, channels, bitrate);
  if (!encoder) return std::unexpected(encoder.error());
  pipeline.encoder_ = std::move(*encoder);
  pipeline.fifo_.reset(av_audio_fifo_alloc(AV_SAMPLE_FMT_FLTP, channels, kSilenceChunk));
  if (!pipeline.fifo_) return std::unexpected(internal_error("out of memory"));
  pipeline.stream_time_base_ = stream->time_base;
  pipeline.origin_ = origin;
  return pipeline;
}

std::expected<std::vector<PacketPtr>, TranscodeError> AudioPipeline::feed(const AVPacket* packet) {
  std::vector<PacketPtr> out;
  // A damaged audio packet costs a few milliseconds of sound, not the clip.
  if (avcodec_send_packet(decoder_.get(), packet) < 0) return out;
  if (auto taken = take_decoded(out); !taken) return std::unexpected(taken.error());
  return out;
}

std::expected<std::vector<PacketPtr>, TranscodeError> AudioPipeline::finish() {
  std::vector<PacketPtr> out;
  avcodec_send_packet(decoder_.get(), nullptr);
  if (auto taken = take_decoded(out); !taken) return std::unexpected(taken.error());
  if (swr_) {
    if (auto flushed = convert(nullptr); !flushed) return std::unexpected(flushed.error());
  }
  if (auto encoded = encode_fifo(true, out); !encoded) return std::unexpected(encoded.error());
  avcodec_send_frame(encoder_.get(), nullptr);
  if (auto drained = drain(out); !drained) return std::unexpected(drained.error());
  return out;
}

std::expected<void, TranscodeError> AudioPipeline::take_decoded(std::vector<PacketPtr>& out) {
  FramePtr frame = make_frame();
  if (!frame) return std::unexpected(internal_error("out of memory"));
  while (avcodec_receive_frame(decoder_.get(), frame.get()) >= 0) {
    if (auto converted = convert(frame.get()); !converted) return converted;
    av_frame_unref(frame.get());
    if (auto encoded = encode_fifo(false, out); !encoded) return encoded;
  }
  return {};
}

// Resamples `frame` (nullptr: what the resampler still holds) into the FIFO, lining the very
// first samples up with the origin.
std::expected<void, TranscodeError> AudioPipeline::convert(const AVFrame* frame) {
  const int out_rate = encoder_->sample_rate;
  int64_t drop = 0;
  if (frame != nullptr && !started_) {
    started_ = true;
    int64_t ts = frame->best_effort_timestamp;
    int64_t offset = ts == AV_NOPTS_VALUE
                         ? 0
                         : av_rescale_q(ts - origin_, stream_time_base_, AVRational{1, out_rate});
    for (int64_t left = std::min<int64_t>(offset, int64_t{out_rate} * 60); left > 0;) {
      int n = static_cast<int>(std::min<int64_t>(left, kSilenceChunk));
      FramePtr silence = make_frame();
      if (!silence) return std::unexpected(internal_error("out of memory"));
      silence->format = AV_SAMPLE_FMT_FLTP;
      silence->nb_samples = n;
      av_channel_layout_copy(&silence->ch_layout, &encoder_->ch_layout);
      if (av_frame_get_buffer(silence.get(), 0) < 0)
        return std::unexpected(internal_error("out of memory"));
      av_samples_set_silence(silence->data, 0, n, encoder_->ch_layout.nb_channels,
                             AV_SAMPLE_FMT_FLTP);
      av_audio_fifo_write(fifo_.get(), reinterpret_cast<void**>(silence->data), n);
      left -= n;
    }
    drop = offset < 0 ? -offset : 0;
  }
  // A stream whose format changes mid-way would make the resampler read planes it was not
  // set up for: such frames are dropped.
  if (frame != nullptr && swr_ &&
      (frame->format != in_format_ || frame->sample_rate != in_rate_ ||
       frame->ch_layout.nb_channels != in_channels_)) {
    return {};
  }
  if (frame != nullptr && !swr_) {
    in_format_ = frame->format;
    in_rate_ = frame->sample_rate;
    in_channels_ = frame->ch_layout.nb_channels;
    AVChannelLayout in_layout;
    if (frame->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC || frame->ch_layout.nb_channels <= 0) {
      av_channel_layout_default(&in_layout, std::max(1, frame->ch_layout.nb_channels));
    } else {
      av_channel_layout_copy(&in_layout, &frame->ch_layout);
    }
    SwrContext* raw = nullptr;
    int err = swr_alloc_set_opts2(&raw, &encoder_->ch_layout, AV_SAMPLE_FMT_FLTP, out_rate,
                                  &in_layout, static_cast<AVSampleFormat>(frame->format),
                                  frame->sample_rate, 0, nullptr);
    av_channel_layout_uninit(&in_layout);
    swr_.reset(raw);
    if (err < 0 || swr_init(swr_.get()) < 0) {
      return std::unexpected(bad_input("audio format cannot be converted"));
    }
  }
  if (!swr_) return {};
  int in_samples = frame != nullptr ? frame->nb_samples : 0;
  int capacity = swr_get_out_samples(swr_.get(), in_samples);
  if (capacity <= 0) return {};
  FramePtr converted = make_frame();
  if (!converted) return std::unexpected(internal_error("out of memory"));
  converted->format = AV_SAMPLE_FMT_FLTP;
  converted->nb_samples = capacity;
  av_channel_layout_copy(&converted->ch_layout, &encoder_->ch_layout);
  if (av_frame_get_buffer(converted.get(), 0) < 0)
    return std::unexpected(internal_error("out of memory"));
  int got = swr_convert(
      swr_.get(), converted->data, capacity,
      frame != nullptr ? const_cast<const uint8_t**>(frame->extended_data) : nullptr, in_samples);
  // A frame whose layout changed mid-stream is dropped rather than mixed wrongly.
  if (got < 0) return {};
  av_audio_fifo_write(fifo_.get(), reinterpret_cast<void**>(converted->data), got);
  if (drop > 0)
    av_audio_fifo_drain(fifo_.get(),
                        static_cast<int>(std::min<int64_t>(drop, av_audio_fifo_size(fifo_.get()))));
  return {};
}

std::expected<void, TranscodeError> AudioPipeline::encode_fifo(bool flush,
                                                               std::vector<PacketPtr>& out) {
  const int frame_size = encoder_->frame_size > 0 ? encoder_->frame_size : 1024;
  while (av_audio_fifo_size(fifo_.get()) >= frame_size ||
         (flush && av_audio_fifo_size(fifo_.get()) > 0)) {
    int n = std::min(frame_size, av_audio_fifo_size(fifo_.get()));
    FramePtr frame = make_frame();
    if (!frame) return std::unexpected(internal_error("out of memory"));
    frame->format = AV_SAMPLE_FMT_FLTP;
    frame->nb_samples = n;
    frame->sample_rate = encoder_->sample_rate;
    av_channel_layout_copy(&frame->ch_layout, &encoder_->ch_layout);
    if (av_frame_get_buffer(frame.get(), 0) < 0)
      return std::unexpected(internal_error("out of memory"));
    av_audio_fifo_read(fifo_.get(), reinterpret_cast<void**>(frame->data), n);
    frame->pts = next_pts_;
    next_pts_ += n;
    if (avcodec_send_frame(encoder_.get(), frame.get()) < 0) {
      return std::unexpected(internal_error("AAC encoder failed"));
    }
    if (auto drained = drain(out); !drained) return drained;
  }
  return {};
}

std::expected<void, TranscodeError> AudioPipeline::drain(std::vector<PacketPtr>& out) {
  while (true) {
    PacketPtr packet = make_packet();
    if (!packet) return std::unexpected(internal_error("out of memory"));
    int err = avcodec_receive_packet(encoder_.get(), packet.get());
    if (err == AVERROR(EAGAIN) || err == AVERROR_EOF) return {};
    if (err < 0) return std::unexpected(internal_error("AAC encoder: " + av_error_text(err)));
    out.push_back(std::move(packet));
  }
}

}  // namespace origin::transcode
