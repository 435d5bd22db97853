// Opening an untrusted upload: whitelisted demuxers (mov/mp4, matroska/webm, mpegts) and the
// file protocol only, then the checks every later stage relies on (a decodable video stream,
// dimensions and duration within the limits, the display rotation).
#pragma once

#include <expected>
#include <filesystem>
#include <functional>

#include "origin/transcode/av_handles.h"
#include "origin/transcode/transcode.h"

namespace origin::transcode {

// Demuxer names as libavformat spells them; nested demuxers (hls, concat) and network
// protocols can never be reached from an upload.
inline constexpr const char* kFormatWhitelist = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,mpegts";
inline constexpr const char* kProtocolWhitelist = "file";

struct Input {
  InputContext format;
  int video_stream = -1;
  int audio_stream = -1;  // -1 when the clip has no audio we can decode
  SourceInfo info;
  int coded_width = 0;  // before rotation
  int coded_height = 0;
};

// Opens and checks `path`. `cancelled`, when set, must outlive the Input: it interrupts
// blocking reads.
std::expected<Input, TranscodeError> open_input(const std::filesystem::path& path,
                                                const LadderConfig& config,
                                                const std::function<bool()>* cancelled);

// "10 minutes", "90 seconds": the duration limit as a user reads it.
std::string describe_duration_limit(int64_t max_duration_ms);

// A TranscodeError of kind kBadInput.
TranscodeError bad_input(std::string reason);
TranscodeError internal_error(std::string reason);

}  // namespace origin::transcode
