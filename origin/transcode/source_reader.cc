// Demux, decode, pace and fan out the source; see source_reader.h.
#include "origin/transcode/source_reader.h"

#include <algorithm>
#include <numeric>

namespace origin::transcode {
namespace {

constexpr AVRational kTicks = {1, static_cast<int>(kTicksPerSecond)};
// Pictures this much closer than the frame-rate cap still count as on time (59.94 vs 60).
constexpr double kPaceTolerance = 0.9;
// x264's decoding delay is at most two pictures with the presets we use (B-pyramid).
constexpr size_t kLeadPictures = 3;

}  // namespace

int64_t SourceReader::origin_of(const Input& input) {
  const AVStream* video = input.format->streams[input.video_stream];
  return video->start_time == AV_NOPTS_VALUE ? 0 : video->start_time;
}

SourceReader::SourceReader(const LadderConfig& config, int threads, ReaderParts parts)
    : config_(config), parts_(parts), schedule_(config), threads_(threads) {}

bool SourceReader::is_cancelled() const {
  return parts_.cancelled != nullptr && *parts_.cancelled && (*parts_.cancelled)();
}

std::expected<ReadSummary, TranscodeError> SourceReader::run() {
  AVFormatContext* fmt = parts_.input->format.get();
  const AVStream* video = fmt->streams[parts_.input->video_stream];
  const AVCodec* codec = avcodec_find_decoder(video->codecpar->codec_id);
  decoder_.reset(avcodec_alloc_context3(codec));
  if (!decoder_ || avcodec_parameters_to_context(decoder_.get(), video->codecpar) < 0) {
    return std::unexpected(internal_error("out of memory"));
  }
  decoder_->pkt_timebase = video->time_base;
  decoder_->thread_count = threads_;
  if (avcodec_open2(decoder_.get(), codec, nullptr) < 0) {
    return std::unexpected(bad_input("video stream cannot be decoded"));
  }
  video_time_base_ = video->time_base;
  origin_ = origin_of(*parts_.input);
  double cap = config_.max_frame_rate > 0 ? config_.max_frame_rate : 60.0;
  min_interval_ = static_cast<int64_t>(kPaceTolerance * kTicksPerSecond / cap);
  AVRational rate = video->avg_frame_rate.num > 0 ? video->avg_frame_rate : video->r_frame_rate;
  double fps = rate.num > 0 && rate.den > 0 ? std::min(av_q2d(rate), cap) : 30.0;
  nominal_interval_ = std::max<int64_t>(1, static_cast<int64_t>(kTicksPerSecond / fps));
  max_ticks_ = (config_.max_duration_ms + 1000) * (kTicksPerSecond / 1000);

  PacketPtr packet = make_packet();
  if (!packet) return std::unexpected(internal_error("out of memory"));
  bool truncated = false;
  while (true) {
    if (is_cancelled()) return std::unexpected(TranscodeError{ErrorKind::kCancelled, "cancelled"});
    int err = av_read_frame(fmt, packet.get());
    if (err == AVERROR_EOF) break;
    if (err == AVERROR_EXIT)
      return std::unexpected(TranscodeError{ErrorKind::kCancelled, "cancelled"});
    if (err < 0) {
      truncated = true;
      break;
    }
    truncated |= (packet->flags & AV_PKT_FLAG_CORRUPT) != 0;
    std::expected<void, TranscodeError> step;
    if (packet->stream_index == parts_.input->video_stream) {
      step = decode_video(packet.get());
    } else if (parts_.audio != nullptr && packet->stream_index == parts_.input->audio_stream) {
      auto encoded = parts_.audio->feed(packet.get());
      step = encoded ? emit_audio(std::move(*encoded)) : std::unexpected(encoded.error());
    }
    av_packet_unref(packet.get());
    if (!step) return std::unexpected(step.error());
  }
  if (auto flushed = finish_video(); !flushed) return std::unexpected(flushed.error());
  if (parts_.audio != nullptr) {
    auto rest = parts_.audio->finish();
    if (!rest) return std::unexpected(rest.error());
    if (auto emitted = emit_audio(std::move(*rest)); !emitted)
      return std::unexpected(emitted.error());
  }
  if (auto released = release_held(); !released) return std::unexpected(released.error());

  if (frames_ == 0) {
    return std::unexpected(bad_input(truncated ? "file is truncated" : "no decodable video"));
  }
  if (truncated) return std::unexpected(bad_input("file is truncated or corrupt"));
  if (decode_errors_ > 5 && decode_errors_ * 10 > video_packets_) {
    return std::unexpected(bad_input("video stream is corrupt"));
  }
  // The header promised more than the file holds: an upload cut short.
  int64_t promised = parts_.input->info.duration_ms * (kTicksPerSecond / 1000);
  if (fmt->duration_estimation_method != AVFMT_DURATION_FROM_BITRATE &&
      video_end_ < promised * 9 / 10 - kTicksPerSecond) {
    return std::unexpected(bad_input("file is truncated"));
  }
  if (parts_.progress != nullptr && *parts_.progress) (*parts_.progress)(1.0);
  return ReadSummary{video_end_, frames_};
}

std::expected<void, TranscodeError> SourceReader::decode_video(const AVPacket* packet) {
  ++video_packets_;
  int err = avcodec_send_packet(decoder_.get(), packet);
  if (err < 0 && err != AVERROR(EAGAIN)) ++decode_errors_;
  FramePtr frame = make_frame();
  if (!frame) return std::unexpected(internal_error("out of memory"));
  while (true) {
    err = avcodec_receive_frame(decoder_.get(), frame.get());
    if (err == AVERROR(EAGAIN) || err == AVERROR_EOF) return {};
    if (err < 0) {
      ++decode_errors_;
      return {};
    }
    if (auto accepted = accept_frame(frame.get()); !accepted) return accepted;
    av_frame_unref(frame.get());
  }
}

std::expected<void, TranscodeError> SourceReader::finish_video() {
  avcodec_send_packet(decoder_.get(), nullptr);
  if (auto drained = decode_video(nullptr); !drained) return drained;
  --video_packets_;
  if (pending_) return emit_video(std::move(pending_), nominal_interval_);
  return {};
}

// Puts a decoded picture on the timeline, or drops it (before the origin, not after the
// previous one, or faster than the cap). The picture is emitted when the next one tells its
// duration.
std::expected<void, TranscodeError> SourceReader::accept_frame(AVFrame* frame) {
  if (frame->width > config_.max_width || frame->height > config_.max_width ||
      static_cast<int64_t>(frame->width) * frame->height > config_.max_pixels) {
    return std::unexpected(bad_input("dimensions " + std::to_string(frame->width) + "x" +
                                     std::to_string(frame->height) + " are above the limit"));
  }
  int64_t ts = frame->best_effort_timestamp;
  int64_t ticks = ts == AV_NOPTS_VALUE ? (last_kept_ < 0 ? 0 : last_kept_ + nominal_interval_)
                                       : av_rescale_q(ts - origin_, video_time_base_, kTicks);
  if (ticks < 0) return {};
  if (last_kept_ >= 0 && ticks < last_kept_ + min_interval_) return {};
  if (ticks > max_ticks_) {
    return std::unexpected(
        bad_input("clip longer than " + describe_duration_limit(config_.max_duration_ms)));
  }
  FramePtr kept(av_frame_clone(frame));
  if (!kept) return std::unexpected(internal_error("out of memory"));
  kept->pts = ticks;
  last_kept_ = ticks;
  if (pending_) {
    int64_t duration = ticks - pending_->pts;
    if (auto emitted = emit_video(std::move(pending_), duration); !emitted) return emitted;
  }
  pending_ = std::move(kept);
  return {};
}

std::expected<void, TranscodeError> SourceReader::emit_video(FramePtr frame, int64_t duration) {
  bool cut = false;
  while (frame->pts >= schedule_.boundary(next_boundary_)) {
    cut = true;
    ++next_boundary_;
  }
  cut |= frames_ == 0;
  ++frames_;
  video_end_ = std::max(video_end_, frame->pts + duration);
  parts_.thumbnails->offer(frame.get());
  if (parts_.progress != nullptr && *parts_.progress && parts_.input->info.duration_ms > 0) {
    double total = static_cast<double>(parts_.input->info.duration_ms) * (kTicksPerSecond / 1000);
    (*parts_.progress)(std::min(0.99, static_cast<double>(video_end_) / total));
  }
  if (!lead_) first_pts_.push_back(frame->pts);
  Held held;
  held.video = std::move(frame);
  held.duration = duration;
  held.cut = cut;
  if (auto dispatched = dispatch(std::move(held)); !dispatched) return dispatched;
  if (!lead_ && first_pts_.size() >= kLeadPictures) return release_held();
  return {};
}

std::expected<void, TranscodeError> SourceReader::emit_audio(std::vector<PacketPtr> packets) {
  for (PacketPtr& packet : packets) {
    Held held;
    held.audio = std::move(packet);
    if (auto dispatched = dispatch(std::move(held)); !dispatched) return dispatched;
  }
  return {};
}

std::expected<void, TranscodeError> SourceReader::dispatch(Held held) {
  if (!lead_) {
    held_.push_back(std::move(held));
    return {};
  }
  bool pushed = true;
  if (held.video) {
    held.video->pts += *lead_;
    pushed = parts_.fanout->push_video(held.video.get(), held.duration, held.cut);
  } else if (held.audio) {
    AVRational audio_base = parts_.audio->encoder()->time_base;
    int64_t shift = av_rescale_q(*lead_, kTicks, audio_base);
    held.audio->pts += shift;
    held.audio->dts += shift;
    pushed = parts_.fanout->push_audio(held.audio.get());
  }
  if (!pushed) return std::unexpected(TranscodeError{ErrorKind::kCancelled, "rendition failed"});
  return {};
}

// Every timestamp is moved later by a lead that keeps x264's decoding times (up to two
// pictures before the presentation times) and AAC's priming samples non-negative, so the mp4
// muxer never has to shift or edit a track, and all renditions share one timeline. The lead
// is a whole number of audio samples, so both media move by exactly the same time.
std::expected<void, TranscodeError> SourceReader::release_held() {
  if (lead_) return {};
  int64_t lead = first_pts_.empty() ? 0 : first_pts_.back() - first_pts_.front();
  int64_t step = 1;
  if (parts_.audio != nullptr) {
    const AVCodecContext* aac = parts_.audio->encoder();
    lead += av_rescale_q(aac->initial_padding + aac->frame_size, AVRational{1, aac->sample_rate},
                         kTicks);
    step = kTicksPerSecond / std::gcd(kTicksPerSecond, int64_t{aac->sample_rate});
  }
  lead_ = (lead + step) / step * step;
  std::vector<Held> held = std::move(held_);
  for (Held& item : held) {
    if (auto dispatched = dispatch(std::move(item)); !dispatched) return dispatched;
  }
  return {};
}

}  // namespace origin::transcode
