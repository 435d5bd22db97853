// The decoding thread: demuxes the source once, decodes its video, paces it (frame-rate cap,
// monotonic timestamps on one 90 kHz timeline from the first picture), marks where segments
// start, feeds the audio pipeline, and fans both out to the renditions. It also catches the
// bad inputs that headers cannot reveal: truncation, corrupt streams, lying durations.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <vector>

#include "origin/transcode/audio_pipeline.h"
#include "origin/transcode/fanout.h"
#include "origin/transcode/input.h"
#include "origin/transcode/ladder.h"
#include "origin/transcode/thumbnails.h"

namespace origin::transcode {

struct ReadSummary {
  int64_t duration = 0;  // ticks, of the kept pictures
  int64_t frames = 0;
};

struct ReaderParts {
  Input* input = nullptr;
  AudioPipeline* audio = nullptr;  // null: no audio
  Fanout* fanout = nullptr;
  ThumbnailPicker* thumbnails = nullptr;
  const std::function<void(double)>* progress = nullptr;  // may be null or empty
  const std::function<bool()>* cancelled = nullptr;       // may be null or empty
};

class SourceReader {
 public:
  SourceReader(const LadderConfig& config, int threads, ReaderParts parts);
  // Where the timeline starts: the video stream's first timestamp, in its time base.
  static int64_t origin_of(const Input& input);
  // Runs to the end of the input. An error of kind kCancelled with reason "rendition failed"
  // means a rendition queue refused: the rendition's own error is the one to report.
  std::expected<ReadSummary, TranscodeError> run();

 private:
  struct Held {
    FramePtr video;
    int64_t duration = 0;
    bool cut = false;
    PacketPtr audio;
  };

  std::expected<void, TranscodeError> decode_video(const AVPacket* packet);
  std::expected<void, TranscodeError> accept_frame(AVFrame* frame);
  std::expected<void, TranscodeError> emit_video(FramePtr frame, int64_t duration);
  std::expected<void, TranscodeError> emit_audio(std::vector<PacketPtr> packets);
  std::expected<void, TranscodeError> dispatch(Held held);
  std::expected<void, TranscodeError> release_held();
  std::expected<void, TranscodeError> finish_video();
  bool is_cancelled() const;

  const LadderConfig& config_;
  ReaderParts parts_;
  SegmentSchedule schedule_;
  CodecContext decoder_;
  int threads_;
  AVRational video_time_base_ = {1, 1};
  int64_t origin_ = 0;            // video stream time base
  int64_t min_interval_ = 0;      // ticks between kept pictures, from max_frame_rate
  int64_t nominal_interval_ = 0;  // ticks, for a last picture or a missing timestamp
  int64_t max_ticks_ = 0;
  FramePtr pending_;  // the latest picture, until the next gives its duration
  int64_t last_kept_ = -1;
  size_t next_boundary_ = 0;
  int64_t video_end_ = 0;
  int64_t frames_ = 0;
  int64_t video_packets_ = 0;
  int64_t decode_errors_ = 0;
  std::optional<int64_t> lead_;  // ticks added to every timestamp; see release_held()
  std::vector<Held> held_;
  std::vector<int64_t> first_pts_;  // of the first pictures, for the lead
};

}  // namespace origin::transcode
