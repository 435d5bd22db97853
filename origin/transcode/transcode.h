// origin::transcode: one uploaded clip in, an fMP4 HLS ladder out (in-process libav). The one
// public seam of the module: probe() to check an upload, transcode() to produce the outputs.
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace origin::transcode {

// One rung of the ladder. `height` is the short side of the output: 360 gives 640x360 for a
// 16:9 clip and 360x640 for a 9:16 one.
struct Rendition {
  std::string name;  // directory and playlist name, e.g. "360p"
  int height = 0;
  int64_t video_bitrate = 0;  // bit/s, average target of x264's rate control
};

struct LadderConfig {
  std::vector<Rendition> ladder = {{"360p", 360, 600'000},
                                   {"480p", 480, 1'000'000},
                                   {"720p", 720, 2'500'000},
                                   {"1080p", 1080, 5'000'000}};
  int64_t audio_bitrate = 128'000;
  double segment_seconds = 2.0;
  // Durations of the first segments, before segment_seconds applies: {1.0} gives 1 s, 2 s, ...
  std::vector<double> bootstrap_segments = {};
  int64_t max_duration_ms = int64_t{10} * 60 * 1000;
  int max_width = 8192;  // either side of the source, after rotation
  int64_t max_pixels = 36'000'000;
  double max_frame_rate = 60.0;  // frames closer together than this allows are dropped
  int threads = 0;               // 0: the machine's cores
  std::string x264_preset = "veryfast";
};

// What the source holds, read from its headers (probe) or its decoded frames (transcode).
struct SourceInfo {
  std::string container;  // demuxer name, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
  int64_t duration_ms = 0;
  int width = 0;  // as displayed: rotation applied, square pixels
  int height = 0;
  int rotation = 0;  // degrees clockwise the coded picture is turned for display: 0/90/180/270
  bool has_audio = false;
};

struct TranscodeResult {
  SourceInfo source;
  int64_t duration_ms = 0;              // of the produced video
  std::vector<std::string> renditions;  // names produced, lowest first (master's order)
};

enum class ErrorKind {
  kBadInput,   // the file itself is unusable: fail the job, retrying cannot help
  kCancelled,  // cancelled() returned true
  kInternal,   // disk full, encoder failure, ...: worth a retry
};

struct TranscodeError {
  ErrorKind kind = ErrorKind::kBadInput;
  // Clear and user-facing: "not a video file", "no video stream", "clip longer than 10
  // minutes", "file is truncated", "dimensions 10000x10000 are above the limit", ...
  std::string reason;
};

// Opens `input` with the whitelisted demuxers (mov/mp4, matroska/webm, mpegts) and the file
// protocol only, and checks the limits of `config` (duration, dimensions, a video stream).
// Reads headers only: cheap enough to run when an upload completes.
std::expected<SourceInfo, TranscodeError> probe(const std::filesystem::path& input,
                                                const LadderConfig& config);

// Decodes `input` once and writes the ladder into `output_dir` (created; it must not exist or
// be empty): master.m3u8, {rendition}/index.m3u8, {rendition}/init.mp4, {rendition}/seg_{n}.m4s
// (n from 0), thumb_0.jpg..thumb_2.jpg at 1/4, 1/2, 3/4 of the clip and thumb.jpg (= thumb_1).
// Renditions above the source's short side are skipped (never upscaled); a source smaller
// than every rung gets one rendition at its own size, named "{short side}p". A clip without
// audio gives video-only renditions; one without video is refused.
// Blocking and CPU-bound (a thread per rendition); call it off any event loop. `progress`
// (0..1) may be called from any thread; `cancelled` is polled often and stops the work. On
// failure output_dir is removed. The master playlist is written last: its presence means the
// outputs are complete, yet the caller should still publish output_dir by a rename.
std::expected<TranscodeResult, TranscodeError> transcode(const std::filesystem::path& input,
                                                         const std::filesystem::path& output_dir,
                                                         const LadderConfig& config,
                                                         std::function<void(double)> progress = {},
                                                         std::function<bool()> cancelled = {});

}  // namespace origin::transcode
