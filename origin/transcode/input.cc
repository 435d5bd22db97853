// Whitelisted opening and checking of an upload; see input.h.
#include "origin/transcode/input.h"

#include <cmath>
#include <system_error>

extern "C" {
#include <libavutil/display.h>
}

namespace origin::transcode {
namespace {

int interrupt_cb(void* opaque) {
  const auto* cancelled = static_cast<const std::function<bool()>*>(opaque);
  return (*cancelled)() ? 1 : 0;
}

// Degrees clockwise, multiple of 90, that the display matrix turns the coded picture.
int stream_rotation(const AVStream* stream) {
  size_t size = 0;
  const uint8_t* matrix = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, &size);
  if (matrix == nullptr || size < 9 * sizeof(int32_t)) return 0;
  double ccw = av_display_rotation_get(reinterpret_cast<const int32_t*>(matrix));
  if (std::isnan(ccw)) return 0;
  long quarter = std::lround(-ccw / 90.0);
  return static_cast<int>(((quarter % 4) + 4) % 4) * 90;
}

bool is_picture_stream(const AVStream* stream) {
  return stream->codecpar->codec_type == AVMEDIA_TYPE_VIDEO &&
         (stream->disposition & AV_DISPOSITION_ATTACHED_PIC) == 0;
}

int64_t duration_ms_of(const AVFormatContext* format, const AVStream* video) {
  if (video->duration > 0 && video->duration != AV_NOPTS_VALUE) {
    return av_rescale_q(video->duration, video->time_base, AVRational{1, 1000});
  }
  if (format->duration > 0 && format->duration != AV_NOPTS_VALUE) {
    return format->duration / (AV_TIME_BASE / 1000);
  }
  return 0;
}

}  // namespace

TranscodeError bad_input(std::string reason) {
  return TranscodeError{ErrorKind::kBadInput, std::move(reason)};
}

TranscodeError internal_error(std::string reason) {
  return TranscodeError{ErrorKind::kInternal, std::move(reason)};
}

std::string describe_duration_limit(int64_t max_duration_ms) {
  if (max_duration_ms % 60'000 == 0) {
    int64_t minutes = max_duration_ms / 60'000;
    return std::to_string(minutes) + (minutes == 1 ? " minute" : " minutes");
  }
  return std::to_string((max_duration_ms + 999) / 1000) + " seconds";
}

std::expected<Input, TranscodeError> open_input(const std::filesystem::path& path,
                                                const LadderConfig& config,
                                                const std::function<bool()>* cancelled) {
  std::error_code ec;
  auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::is_regular_file(status))
    return std::unexpected(bad_input("file not found"));
  if (std::filesystem::file_size(path, ec) == 0 || ec) {
    return std::unexpected(bad_input("file is empty"));
  }

  AVFormatContext* raw = avformat_alloc_context();
  if (raw == nullptr) return std::unexpected(internal_error("out of memory"));
  if (cancelled != nullptr && *cancelled) {
    raw->interrupt_callback.callback = interrupt_cb;
    raw->interrupt_callback.opaque = const_cast<std::function<bool()>*>(cancelled);
  }
  AVDictionary* options = nullptr;
  av_dict_set(&options, "format_whitelist", kFormatWhitelist, 0);
  av_dict_set(&options, "protocol_whitelist", kProtocolWhitelist, 0);
  // A file must say what it is by its content: no guessing from the name.
  av_dict_set(&options, "probesize", "5000000", 0);
  std::string url = "file:" + path.string();
  int err = avformat_open_input(&raw, url.c_str(), nullptr, &options);
  av_dict_free(&options);
  if (err < 0) {  // avformat_open_input frees the context on failure
    if (err == AVERROR_EXIT)
      return std::unexpected(TranscodeError{ErrorKind::kCancelled, "cancelled"});
    return std::unexpected(bad_input("not a video file (unrecognised or unsupported container)"));
  }
  Input input;
  input.format.reset(raw);
  AVFormatContext* fmt = input.format.get();
  input.info.container = fmt->iformat->name;

  err = avformat_find_stream_info(fmt, nullptr);
  if (err == AVERROR_EXIT)
    return std::unexpected(TranscodeError{ErrorKind::kCancelled, "cancelled"});
  if (err < 0) return std::unexpected(bad_input("file is unreadable (corrupt or truncated)"));

  bool any_audio = false;
  for (unsigned i = 0; i < fmt->nb_streams; ++i) {
    const AVStream* stream = fmt->streams[i];
    if (is_picture_stream(stream) && input.video_stream < 0 &&
        avcodec_find_decoder(stream->codecpar->codec_id) != nullptr) {
      input.video_stream = static_cast<int>(i);
    }
    if (stream->codecpar->codec_type == AVMEDIA_TYPE_AUDIO) {
      any_audio = true;
      if (input.audio_stream < 0 && stream->codecpar->sample_rate > 0 &&
          avcodec_find_decoder(stream->codecpar->codec_id) != nullptr) {
        input.audio_stream = static_cast<int>(i);
      }
    }
  }
  if (input.video_stream < 0) {
    bool undecodable = false;
    for (unsigned i = 0; i < fmt->nb_streams; ++i)
      undecodable |= is_picture_stream(fmt->streams[i]);
    if (undecodable) return std::unexpected(bad_input("unsupported video codec"));
    return std::unexpected(
        bad_input(any_audio ? "no video stream (audio only)" : "no video stream"));
  }

  const AVStream* video = fmt->streams[input.video_stream];
  const AVCodecParameters* par = video->codecpar;
  if (par->width <= 0 || par->height <= 0) {
    return std::unexpected(bad_input("video stream has no picture size"));
  }
  input.coded_width = par->width;
  input.coded_height = par->height;
  if (par->width > config.max_width || par->height > config.max_width ||
      static_cast<int64_t>(par->width) * par->height > config.max_pixels) {
    return std::unexpected(bad_input("dimensions " + std::to_string(par->width) + "x" +
                                     std::to_string(par->height) + " are above the limit"));
  }
  input.info.rotation = stream_rotation(video);
  // Square pixels: stretch the width by the sample aspect ratio.
  AVRational sar = av_guess_sample_aspect_ratio(fmt, const_cast<AVStream*>(video), nullptr);
  int display_w = par->width;
  if (sar.num > 0 && sar.den > 0 && sar.num != sar.den) {
    display_w = static_cast<int>(av_rescale(par->width, sar.num, sar.den));
    if (display_w <= 0 || display_w > 4 * config.max_width) {
      return std::unexpected(bad_input("video has an implausible pixel aspect ratio"));
    }
  }
  bool quarter_turn = input.info.rotation == 90 || input.info.rotation == 270;
  input.info.width = quarter_turn ? par->height : display_w;
  input.info.height = quarter_turn ? display_w : par->height;
  input.info.has_audio = input.audio_stream >= 0;

  input.info.duration_ms = duration_ms_of(fmt, video);
  if (input.info.duration_ms > config.max_duration_ms) {
    return std::unexpected(
        bad_input("clip longer than " + describe_duration_limit(config.max_duration_ms)));
  }
  return input;
}

}  // namespace origin::transcode
