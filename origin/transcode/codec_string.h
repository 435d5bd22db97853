// RFC 6381 codec strings for the master playlist's CODECS, read from what the encoders made.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace origin::transcode {

// "avc1.PPCCLL" from H.264 extradata, either avcC or Annex B (start codes); nullopt when no
// SPS is found.
std::optional<std::string> avc1_codec_string(std::span<const uint8_t> extradata);

// AAC-LC, the only audio the ladder carries.
inline constexpr const char* kAacLcCodecString = "mp4a.40.2";

}  // namespace origin::transcode
