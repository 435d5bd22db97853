// Media and master playlists from the renditions' measurements; see playlists.h.
#include "origin/transcode/playlists.h"

#include <algorithm>
#include <cmath>

#include "manifest/validator.h"
#include "manifest/writer.h"
#include "origin/transcode/file_output.h"
#include "origin/transcode/input.h"

namespace origin::transcode {
namespace {

double seconds(const SegmentRecord& s) {
  return static_cast<double>(s.end - s.start) / static_cast<double>(kTicksPerSecond);
}

uint64_t target_duration(std::span<const SegmentRecord> segments) {
  long target = 1;
  for (const SegmentRecord& s : segments)
    target = std::max(target, std::lround(seconds(s)));
  return static_cast<uint64_t>(target);
}

double frame_rate(std::span<const SegmentRecord> segments) {
  double fastest = 0;
  for (const SegmentRecord& s : segments) {
    if (s.frames > 1 && s.end > s.start) {
      fastest = std::max(fastest, static_cast<double>(s.frames) / seconds(s));
    }
  }
  return std::round(fastest * 1000.0) / 1000.0;
}

std::expected<void, TranscodeError> write_checked(const std::filesystem::path& path,
                                                  const std::string& text) {
  auto diagnostics = manifest::validate(text);
  if (!diagnostics.empty()) {
    return std::unexpected(internal_error("invalid playlist " + path.filename().string() + ": " +
                                          diagnostics.front().message));
  }
  return write_file(path, text);
}

}  // namespace

uint64_t peak_bitrate(std::span<const SegmentRecord> segments, double target) {
  double peak = 0;
  for (size_t i = 0; i < segments.size(); ++i) {
    double bits = 0;
    double duration = 0;
    for (size_t j = i; j < segments.size(); ++j) {
      bits += 8.0 * static_cast<double>(segments[j].bytes);
      duration += seconds(segments[j]);
      if (duration > 1.5 * target) break;
      if (duration >= 0.5 * target && duration > 0) peak = std::max(peak, bits / duration);
    }
  }
  if (peak == 0) {  // no window of the right length: the busiest single segment
    for (const SegmentRecord& s : segments) {
      if (s.end > s.start) peak = std::max(peak, 8.0 * static_cast<double>(s.bytes) / seconds(s));
    }
  }
  return static_cast<uint64_t>(std::ceil(peak));
}

manifest::MediaPlaylist media_playlist(const RenditionOutput& output) {
  manifest::MediaPlaylist playlist;
  playlist.independent_segments = true;
  playlist.target_duration = target_duration(output.segments);
  playlist.media_sequence = 0;
  playlist.playlist_type = manifest::PlaylistType::kVod;
  for (size_t i = 0; i < output.segments.size(); ++i) {
    manifest::MediaSegment segment;
    segment.duration = seconds(output.segments[i]);
    segment.uri = "seg_" + std::to_string(i) + ".m4s";
    if (i == 0) {
      manifest::AttributeList map;
      map.append("URI", manifest::AttributeValue::string_value("init.mp4"));
      segment.map = std::move(map);
    }
    playlist.segments.push_back(std::move(segment));
  }
  playlist.end_list = true;
  playlist.version = manifest::required_version(playlist);
  return playlist;
}

manifest::MasterPlaylist master_playlist(std::span<const RenditionOutput> outputs) {
  manifest::MasterPlaylist playlist;
  playlist.independent_segments = true;
  for (const RenditionOutput& output : outputs) {
    uint64_t bytes = 0;
    double duration = 0;
    for (const SegmentRecord& s : output.segments) {
      bytes += s.bytes;
      duration += seconds(s);
    }
    auto average = static_cast<uint64_t>(
        std::ceil(duration > 0 ? 8.0 * static_cast<double>(bytes) / duration : 0));
    double target = static_cast<double>(target_duration(output.segments));
    manifest::Variant variant;
    auto& a = variant.attributes;
    using manifest::AttributeValue;
    a.append("BANDWIDTH", AttributeValue::integer_value(
                              std::max<uint64_t>(1, peak_bitrate(output.segments, target))));
    a.append("AVERAGE-BANDWIDTH", AttributeValue::integer_value(std::max<uint64_t>(1, average)));
    a.append("CODECS", AttributeValue::string_value(output.codecs));
    a.append("RESOLUTION",
             AttributeValue::resolution_value({static_cast<uint32_t>(output.rendition.width),
                                               static_cast<uint32_t>(output.rendition.height)}));
    if (double fps = frame_rate(output.segments); fps > 0) {
      a.append("FRAME-RATE", AttributeValue::float_value(fps));
    }
    variant.uri = output.rendition.name + "/index.m3u8";
    playlist.variants.push_back(std::move(variant));
  }
  playlist.version = manifest::required_version(playlist);
  return playlist;
}

std::expected<void, TranscodeError> write_playlists(const std::filesystem::path& output_dir,
                                                    std::span<const RenditionOutput> outputs) {
  for (const RenditionOutput& output : outputs) {
    auto written = write_checked(output_dir / output.rendition.name / "index.m3u8",
                                 manifest::write(media_playlist(output)));
    if (!written) return written;
  }
  return write_checked(output_dir / "master.m3u8", manifest::write(master_playlist(outputs)));
}

}  // namespace origin::transcode
