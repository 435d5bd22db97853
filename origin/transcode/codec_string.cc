// Codec strings from encoder extradata; see codec_string.h.
#include "origin/transcode/codec_string.h"

#include <cstdio>

namespace origin::transcode {
namespace {

std::string format_avc1(uint8_t profile, uint8_t constraints, uint8_t level) {
  char text[16];
  std::snprintf(text, sizeof(text), "avc1.%02X%02X%02X", profile, constraints, level);
  return text;
}

}  // namespace

std::optional<std::string> avc1_codec_string(std::span<const uint8_t> data) {
  // avcC: version 1, then profile, constraint flags and level of its first SPS.
  if (data.size() >= 4 && data[0] == 1) return format_avc1(data[1], data[2], data[3]);
  // Annex B: the byte after a start code is the NAL header; type 7 is an SPS.
  for (size_t i = 0; i + 3 < data.size(); ++i) {
    if (data[i] != 0 || data[i + 1] != 0 || data[i + 2] != 1) continue;
    size_t nal = i + 3;
    if ((data[nal] & 0x1f) == 7 && nal + 3 < data.size()) {
      return format_avc1(data[nal + 1], data[nal + 2], data[nal + 3]);
    }
  }
  return std::nullopt;
}

}  // namespace origin::transcode
