// One rendition's encode-and-segment thread; see rendition_worker.h.
#include "origin/transcode/rendition_worker.h"

#include <algorithm>
#include <limits>
#include <span>
#include <utility>

#include "origin/transcode/codec_string.h"
#include "origin/transcode/file_output.h"
#include "origin/transcode/input.h"

namespace origin::transcode {
namespace {

// How far video may run ahead of the audio that a segment waits for.
constexpr int64_t kAudioWaitTicks = 10 * kTicksPerSecond;

}  // namespace

std::expected<std::unique_ptr<RenditionWorker>, TranscodeError> RenditionWorker::create(
    const PlannedRendition& rendition, VideoEncoderSettings video, const AVCodecContext* audio,
    int rotation, std::filesystem::path dir, size_t queue_capacity) {
  video.width = rendition.width;
  video.height = rendition.height;
  video.bitrate = rendition.video_bitrate;
  auto encoder = open_video_encoder(video);
  if (!encoder) return std::unexpected(encoder.error());
  auto muxer = FragmentMuxer::open(encoder->get(), audio);
  if (!muxer) return std::unexpected(muxer.error());
  if (auto written = write_file(dir / "init.mp4", muxer->init_segment()); !written) {
    return std::unexpected(written.error());
  }
  auto codecs = avc1_codec_string(std::span<const uint8_t>(
      (*encoder)->extradata, static_cast<size_t>(std::max(0, (*encoder)->extradata_size))));
  if (!codecs) return std::unexpected(internal_error("no SPS in the encoder's headers"));
  AVRational audio_time_base = audio != nullptr ? audio->time_base : AVRational{1, 1};
  std::unique_ptr<RenditionWorker> worker(
      new RenditionWorker(std::move(*encoder), std::move(*muxer), rendition, rotation,
                          audio_time_base, std::move(dir), queue_capacity));
  worker->output_.codecs = *codecs + (audio != nullptr ? std::string(",") + kAacLcCodecString : "");
  return worker;
}

RenditionWorker::RenditionWorker(CodecContext encoder, FragmentMuxer muxer,
                                 const PlannedRendition& rendition, int rotation,
                                 AVRational audio_time_base, std::filesystem::path dir,
                                 size_t queue_capacity)
    : encoder_(std::move(encoder)),
      muxer_(std::move(muxer)),
      scaler_(rendition.width, rendition.height, rotation),
      audio_time_base_(audio_time_base),
      dir_(std::move(dir)),
      queue_(queue_capacity),
      result_(std::unexpected(internal_error("rendition not run"))) {
  output_.rendition = rendition;
}

void RenditionWorker::run() {
  auto done = consume();
  muxer_.finish();
  if (!done) {
    queue_.abort();
    result_ = std::unexpected(done.error());
    return;
  }
  result_ = std::move(output_);
}

std::expected<void, TranscodeError> RenditionWorker::consume() {
  while (auto item = queue_.pop()) {
    if (item->video) {
      if (auto encoded = encode(item->video.get(), item->duration, item->cut); !encoded) {
        return encoded;
      }
    } else if (item->audio) {
      audio_end_ = std::max(audio_end_, audio_ticks(item->audio->pts + item->audio->duration));
      pending_audio_.push_back(std::move(item->audio));
    }
    if (auto pumped = pump(false); !pumped) return pumped;
  }
  if (queue_.aborted()) return std::unexpected(TranscodeError{ErrorKind::kCancelled, "stopped"});
  if (avcodec_send_frame(encoder_.get(), nullptr) < 0) {
    return std::unexpected(internal_error("libx264 flush failed"));
  }
  if (auto drained = drain_encoder(); !drained) return drained;
  audio_done_ = true;
  return pump(true);
}

std::expected<void, TranscodeError> RenditionWorker::encode(const AVFrame* source, int64_t duration,
                                                            bool cut) {
  auto picture = scaler_.convert(source);
  if (!picture) return std::unexpected(picture.error());
  (*picture)->pict_type = cut ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE;
  if (cut || cuts_.empty()) {
    cuts_.push_back(source->pts);
    frames_per_segment_.push_back(0);
  }
  ++frames_per_segment_.back();
  video_end_ = std::max(video_end_, source->pts + duration);
  int err = avcodec_send_frame(encoder_.get(), picture->get());
  if (err < 0) return std::unexpected(internal_error("libx264: " + av_error_text(err)));
  return drain_encoder();
}

std::expected<void, TranscodeError> RenditionWorker::drain_encoder() {
  while (true) {
    PacketPtr packet = make_packet();
    if (!packet) return std::unexpected(internal_error("out of memory"));
    int err = avcodec_receive_packet(encoder_.get(), packet.get());
    if (err == AVERROR(EAGAIN) || err == AVERROR_EOF) return {};
    if (err < 0) return std::unexpected(internal_error("libx264: " + av_error_text(err)));
    if (packet->dts < 0) return std::unexpected(internal_error("negative decoding time"));
    pending_video_.push_back(std::move(packet));
  }
}

// Packets go to the muxer in decoding order; a segment is closed at the keyframe of the next
// cut once every audio packet that starts before that cut has arrived.
std::expected<void, TranscodeError> RenditionWorker::pump(bool at_end) {
  while (!pending_video_.empty()) {
    AVPacket* packet = pending_video_.front().get();
    bool at_cut = next_cut_ < cuts_.size() && packet->pts == cuts_[next_cut_];
    if (at_cut) {
      if ((packet->flags & AV_PKT_FLAG_KEY) == 0) {
        return std::unexpected(internal_error("libx264 did not start a segment on a keyframe"));
      }
      if (segment_open_) {
        // Audio that stopped early must not hold the video back without bound.
        bool audio_may_follow = pending_video_.back()->pts - packet->pts < kAudioWaitTicks;
        if (!audio_done_ && audio_end_ < packet->pts && audio_may_follow) return {};
        if (auto audio = write_audio_before(packet->pts); !audio) return audio;
        if (auto closed = close_segment(packet->pts); !closed) return closed;
      } else {
        segment_start_ = packet->pts;
      }
      ++next_cut_;
    }
    if (auto written = muxer_.write(packet, 0); !written) return written;
    pending_video_.pop_front();
    segment_open_ = true;
  }
  if (!at_end) return {};
  if (auto audio = write_audio_before(std::numeric_limits<int64_t>::max()); !audio) return audio;
  if (segment_open_) return close_segment(video_end_);
  return {};
}

std::expected<void, TranscodeError> RenditionWorker::write_audio_before(int64_t ticks) {
  while (!pending_audio_.empty() && audio_ticks(pending_audio_.front()->pts) < ticks) {
    if (auto written = muxer_.write(pending_audio_.front().get(), 1); !written) return written;
    pending_audio_.pop_front();
  }
  return {};
}

std::expected<void, TranscodeError> RenditionWorker::close_segment(int64_t end) {
  auto fragment = muxer_.flush_fragment();
  if (!fragment) return std::unexpected(fragment.error());
  size_t index = output_.segments.size();
  auto written = write_file(dir_ / ("seg_" + std::to_string(index) + ".m4s"), *fragment);
  if (!written) return written;
  int64_t frames = index < frames_per_segment_.size() ? frames_per_segment_[index] : 0;
  output_.segments.push_back(SegmentRecord{segment_start_, end, fragment->size(), frames});
  segment_start_ = end;
  segment_open_ = false;
  return {};
}

int64_t RenditionWorker::audio_ticks(int64_t ts) const {
  return av_rescale_q(ts, audio_time_base_, AVRational{1, static_cast<int>(kTicksPerSecond)});
}

}  // namespace origin::transcode
