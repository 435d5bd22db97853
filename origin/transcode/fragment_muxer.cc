// fMP4 muxing into memory with fragments cut on demand; see fragment_muxer.h.
#include "origin/transcode/fragment_muxer.h"

#include "origin/transcode/input.h"

namespace origin::transcode {
namespace {

constexpr int kAvioBufferSize = 64 * 1024;

}  // namespace

int FragmentMuxer::on_write(void* opaque, uint8_t* data, int size) {
  static_cast<std::string*>(opaque)->append(reinterpret_cast<const char*>(data),
                                            static_cast<size_t>(size));
  return size;
}

std::expected<FragmentMuxer, TranscodeError> FragmentMuxer::open(const AVCodecContext* video,
                                                                 const AVCodecContext* audio) {
  FragmentMuxer muxer;
  AVFormatContext* raw = nullptr;
  if (avformat_alloc_output_context2(&raw, nullptr, "mp4", nullptr) < 0 || raw == nullptr) {
    return std::unexpected(internal_error("mp4 muxer unavailable"));
  }
  muxer.format_.reset(raw);
  auto* buffer = static_cast<unsigned char*>(av_malloc(kAvioBufferSize));
  if (buffer == nullptr) return std::unexpected(internal_error("out of memory"));
  muxer.avio_.reset(avio_alloc_context(buffer, kAvioBufferSize, 1, muxer.sink_.get(), nullptr,
                                       &FragmentMuxer::on_write, nullptr));
  if (!muxer.avio_) {
    av_free(buffer);
    return std::unexpected(internal_error("out of memory"));
  }
  raw->pb = muxer.avio_.get();
  raw->flags |= AVFMT_FLAG_CUSTOM_IO;
  // Our timestamps are already non-negative and shared by all renditions: the muxer must
  // neither shift them nor describe a shift in an edit list.
  raw->avoid_negative_ts = AVFMT_AVOID_NEG_TS_DISABLED;

  const AVCodecContext* encoders[2] = {video, audio};
  for (int i = 0; i < 2; ++i) {
    if (encoders[i] == nullptr) continue;
    AVStream* stream = avformat_new_stream(raw, nullptr);
    if (stream == nullptr || avcodec_parameters_from_context(stream->codecpar, encoders[i]) < 0) {
      return std::unexpected(internal_error("cannot add a stream to the mp4 muxer"));
    }
    stream->time_base = encoders[i]->time_base;
    muxer.encoder_time_bases_[stream->index] = encoders[i]->time_base;
    if (i == 0) stream->avg_frame_rate = encoders[i]->framerate;
  }
  AVDictionary* options = nullptr;
  av_dict_set(&options, "movflags", "frag_custom+empty_moov+default_base_moof+frag_discont", 0);
  av_dict_set(&options, "use_editlist", "0", 0);
  int err = avformat_write_header(raw, &options);
  av_dict_free(&options);
  if (err < 0) return std::unexpected(internal_error("mp4 header: " + av_error_text(err)));
  avio_flush(raw->pb);
  muxer.init_ = std::move(*muxer.sink_);
  muxer.sink_->clear();
  return muxer;
}

std::expected<void, TranscodeError> FragmentMuxer::write(AVPacket* packet, int stream) {
  if (stream < 0 || stream >= static_cast<int>(format_->nb_streams)) {
    return std::unexpected(internal_error("packet for a stream the muxer does not have"));
  }
  packet->stream_index = stream;
  av_packet_rescale_ts(packet, encoder_time_bases_[stream], format_->streams[stream]->time_base);
  int err = av_write_frame(format_.get(), packet);
  if (err < 0) return std::unexpected(internal_error("mp4 muxing: " + av_error_text(err)));
  return {};
}

std::expected<std::string, TranscodeError> FragmentMuxer::flush_fragment() {
  int err = av_write_frame(format_.get(), nullptr);
  if (err < 0) return std::unexpected(internal_error("mp4 fragment: " + av_error_text(err)));
  avio_flush(format_->pb);
  std::string fragment = std::move(*sink_);
  sink_->clear();
  return fragment;
}

void FragmentMuxer::finish() {
  if (finished_ || !format_) return;
  finished_ = true;
  av_write_trailer(format_.get());
  avio_flush(format_->pb);
  sink_->clear();
}

FragmentMuxer::~FragmentMuxer() {
  finish();
}

}  // namespace origin::transcode
