// One rendition's thread: scales the shared decoded pictures, encodes them with x264, muxes
// them with the shared AAC packets into fMP4 and cuts a segment file at every scheduled
// keyframe, recording what the playlists need (durations, sizes, frame counts).
#pragma once

#include <cstdint>
#include <deque>
#include <expected>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "origin/transcode/encoders.h"
#include "origin/transcode/fragment_muxer.h"
#include "origin/transcode/ladder.h"
#include "origin/transcode/video_scaler.h"
#include "origin/transcode/work_queue.h"

namespace origin::transcode {

struct SegmentRecord {
  int64_t start = 0;  // ticks
  int64_t end = 0;
  size_t bytes = 0;
  int64_t frames = 0;
};

struct RenditionOutput {
  PlannedRendition rendition;
  std::string codecs;  // "avc1.64001F,mp4a.40.2"
  std::vector<SegmentRecord> segments;
};

class RenditionWorker {
 public:
  // Opens the encoder and the muxer and writes `dir`/init.mp4 (`dir` must exist). `video`
  // names the encoder settings shared by the ladder; size and bitrate come from `rendition`.
  // `audio` (may be null) is the shared AAC encoder whose packets the queue will carry.
  static std::expected<std::unique_ptr<RenditionWorker>, TranscodeError> create(
      const PlannedRendition& rendition, VideoEncoderSettings video, const AVCodecContext* audio,
      int rotation, std::filesystem::path dir, size_t queue_capacity);

  WorkQueue& queue() { return queue_; }
  // The thread body: consumes the queue until it is closed (then finishes the last segment)
  // or aborted. On failure it aborts its queue, so the producer stops feeding it.
  void run();
  // Valid once run() returned.
  const std::expected<RenditionOutput, TranscodeError>& result() const { return result_; }

 private:
  RenditionWorker(CodecContext encoder, FragmentMuxer muxer, const PlannedRendition& rendition,
                  int rotation, AVRational audio_time_base, std::filesystem::path dir,
                  size_t queue_capacity);
  std::expected<void, TranscodeError> consume();
  std::expected<void, TranscodeError> encode(const AVFrame* source, int64_t duration, bool cut);
  std::expected<void, TranscodeError> drain_encoder();
  std::expected<void, TranscodeError> pump(bool at_end);
  std::expected<void, TranscodeError> write_audio_before(int64_t ticks);
  std::expected<void, TranscodeError> close_segment(int64_t end);
  int64_t audio_ticks(int64_t ts) const;

  CodecContext encoder_;
  FragmentMuxer muxer_;
  VideoScaler scaler_;
  AVRational audio_time_base_;
  std::filesystem::path dir_;
  WorkQueue queue_;
  RenditionOutput output_;
  std::expected<RenditionOutput, TranscodeError> result_;

  std::vector<int64_t> cuts_;  // pts of the pictures forced to start a segment
  size_t next_cut_ = 0;
  std::vector<int64_t> frames_per_segment_;
  std::deque<PacketPtr> pending_video_;
  std::deque<PacketPtr> pending_audio_;
  int64_t audio_end_ = 0;  // ticks: end of the latest audio packet received
  bool audio_done_ = false;
  int64_t video_end_ = 0;
  int64_t segment_start_ = 0;
  bool segment_open_ = false;
};

}  // namespace origin::transcode
