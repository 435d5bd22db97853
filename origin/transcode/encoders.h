// The encoders of the ladder with the settings every rendition shares: libx264 with closed
// GOPs, no scene-cut keyframes (keyframes come only where a segment starts, forced as IDR, so
// they line up across renditions), constrained VBR; native AAC-LC.
#pragma once

#include <cstdint>
#include <expected>
#include <string>

#include "origin/transcode/av_handles.h"
#include "origin/transcode/transcode.h"

namespace origin::transcode {

struct VideoEncoderSettings {
  int width = 0;
  int height = 0;
  int64_t bitrate = 0;
  AVRational frame_rate = {30, 1};  // for rate control; timestamps may still vary
  int gop = 0;                      // longest distance between forced keyframes, in frames
  std::string preset;
  int threads = 1;
};

// Encoder time base: ticks (1/90000).
std::expected<CodecContext, TranscodeError> open_video_encoder(const VideoEncoderSettings& s);

// Encoder time base: 1/sample_rate; stereo unless `channels` is 1.
std::expected<CodecContext, TranscodeError> open_audio_encoder(int sample_rate, int channels,
                                                               int64_t bitrate);

// The x264 settings above, as the ffmpeg command line spells them (for the benchmark's
// reference command and for anyone checking the two match).
inline constexpr const char* kX264Params = "scenecut=0:open-gop=0";
// maxrate = kMaxRateFactor x bitrate, bufsize = kBufferFactor x bitrate.
inline constexpr double kMaxRateFactor = 1.5;
inline constexpr double kBufferFactor = 2.0;

}  // namespace origin::transcode
