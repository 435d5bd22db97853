// One rendition's fMP4 (CMAF-style) output: libavformat's mp4 muxer in custom-fragment mode,
// writing into memory, so the init segment and each media segment come out as whole byte
// strings that the caller cuts exactly where the shared segment schedule says.
//
// Why not the "hls" muxer: it decides cuts itself (keyframe after hls_time), writes its own
// playlists and files, and knows nothing of our bootstrap durations; here the cut points,
// the file names, the playlists (manifest/) and the segment sizes measured for BANDWIDTH stay
// ours, with one muxer per rendition and no second playlist writer to overrule.
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <string>

#include "origin/transcode/av_handles.h"
#include "origin/transcode/transcode.h"

namespace origin::transcode {

class FragmentMuxer {
 public:
  // Streams: 0 = video from `video`, 1 = audio from `audio` when not null. Both encoders must
  // be open, with AV_CODEC_FLAG_GLOBAL_HEADER. Timestamps are never shifted by the muxer.
  static std::expected<FragmentMuxer, TranscodeError> open(const AVCodecContext* video,
                                                           const AVCodecContext* audio);

  // ftyp + moov, available once open() returned.
  const std::string& init_segment() const { return init_; }
  // Adds an encoded packet (timestamps in its encoder's time base) to the current fragment.
  std::expected<void, TranscodeError> write(AVPacket* packet, int stream);
  // Ends the current fragment and returns its bytes (moof + mdat per track).
  std::expected<std::string, TranscodeError> flush_fragment();
  // Ends the muxer; what the trailer writes (mfra) is not part of any segment.
  void finish();

  FragmentMuxer(FragmentMuxer&&) noexcept = default;
  FragmentMuxer& operator=(FragmentMuxer&&) = delete;
  FragmentMuxer(const FragmentMuxer&) = delete;
  FragmentMuxer& operator=(const FragmentMuxer&) = delete;
  ~FragmentMuxer();

 private:
  FragmentMuxer() = default;
  static int on_write(void* opaque, uint8_t* data, int size);

  std::unique_ptr<std::string> sink_ = std::make_unique<std::string>();  // stable address
  AvioHandle avio_;
  OutputContext format_;
  AVRational encoder_time_bases_[2] = {};
  std::string init_;
  bool finished_ = false;
};

}  // namespace origin::transcode
