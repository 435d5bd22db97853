// The clip's audio, encoded once for every rendition: decode, resample to the AAC encoder's
// format, re-frame into 1024-sample frames, encode. Output timestamps are samples from the
// video's first picture (the origin), so both media share one timeline.
#pragma once

#include <expected>
#include <vector>

#include "origin/transcode/av_handles.h"
#include "origin/transcode/transcode.h"

namespace origin::transcode {

class AudioPipeline {
 public:
  // `origin` is in the stream's time base: input before it is dropped, a gap after it is
  // filled with silence, so the first output sample plays with the first picture.
  static std::expected<AudioPipeline, TranscodeError> open(const AVStream* stream, int64_t origin,
                                                           int64_t bitrate);

  // Encoded packets that `packet` (of the audio stream) completes; undecodable packets are
  // skipped.
  std::expected<std::vector<PacketPtr>, TranscodeError> feed(const AVPacket* packet);
  // The rest, at the end of the input.
  std::expected<std::vector<PacketPtr>, TranscodeError> finish();
  const AVCodecContext* encoder() const { return encoder_.get(); }

 private:
  AudioPipeline() = default;
  std::expected<void, TranscodeError> take_decoded(std::vector<PacketPtr>& out);
  std::expected<void, TranscodeError> convert(const AVFrame* frame);
  std::expected<void, TranscodeError> encode_fifo(bool flush, std::vector<PacketPtr>& out);
  std::expected<void, TranscodeError> drain(std::vector<PacketPtr>& out);

  CodecContext decoder_;
  CodecContext encoder_;
  SwrHandle swr_;
  AudioFifo fifo_;
  AVRational stream_time_base_ = {1, 1};
  int64_t origin_ = 0;
  bool started_ = false;
  int64_t next_pts_ = 0;  // samples of output handed to the encoder
  int in_format_ = -1;    // what swr_ was set up for
  int in_rate_ = 0;
  int in_channels_ = 0;
};

}  // namespace origin::transcode
