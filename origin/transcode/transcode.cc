// The pipeline's composition: open and check the source, plan the ladder, start a thread per
// rendition, decode once on the calling thread, then thumbnails and playlists.
#include "origin/transcode/transcode.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <system_error>
#include <thread>

#include "origin/transcode/audio_pipeline.h"
#include "origin/transcode/fanout.h"
#include "origin/transcode/file_output.h"
#include "origin/transcode/input.h"
#include "origin/transcode/ladder.h"
#include "origin/transcode/playlists.h"
#include "origin/transcode/rendition_worker.h"
#include "origin/transcode/source_reader.h"
#include "origin/transcode/thumbnails.h"

namespace origin::transcode {
namespace {

// Pictures queued per rendition: enough to ride out uneven encode times, little memory.
constexpr size_t kQueueCapacity = 24;
// Thumbnails are at most this tall on their short side.
constexpr int kThumbnailShortSide = 720;

std::expected<void, TranscodeError> prepare_output_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return std::unexpected(internal_error("cannot create the output directory"));
  return {};
}

std::expected<void, TranscodeError> write_thumbnails(const std::filesystem::path& dir,
                                                     const ThumbnailPicker& picker,
                                                     const SourceInfo& source) {
  double scale = std::min(
      1.0, static_cast<double>(kThumbnailShortSide) / std::min(source.width, source.height));
  int width = std::max(2, static_cast<int>(std::lround(source.width * scale / 2)) * 2);
  int height = std::max(2, static_cast<int>(std::lround(source.height * scale / 2)) * 2);
  for (int i = 0; i < kThumbnailCount; ++i) {
    const AVFrame* frame = picker.picked(i);
    if (frame == nullptr) return std::unexpected(internal_error("no picture for a thumbnail"));
    auto jpeg = encode_jpeg(frame, width, height, source.rotation);
    if (!jpeg) return std::unexpected(jpeg.error());
    if (auto written = write_file(dir / ("thumb_" + std::to_string(i) + ".jpg"), *jpeg); !written) {
      return written;
    }
    if (i == 1) {
      if (auto written = write_file(dir / "thumb.jpg", *jpeg); !written) return written;
    }
  }
  return {};
}

std::expected<TranscodeResult, TranscodeError> run(const std::filesystem::path& input_path,
                                                   const std::filesystem::path& output_dir,
                                                   const LadderConfig& config,
                                                   const std::function<void(double)>& progress,
                                                   const std::function<bool()>& cancelled) {
  auto input = open_input(input_path, config, cancelled ? &cancelled : nullptr);
  if (!input) return std::unexpected(input.error());
  auto planned = plan_ladder(input->info, config);
  if (!planned) return std::unexpected(planned.error());
  if (auto prepared = prepare_output_dir(output_dir); !prepared) {
    return std::unexpected(prepared.error());
  }
  int threads = config.threads > 0
                    ? config.threads
                    : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));

  std::optional<AudioPipeline> audio;
  if (input->audio_stream >= 0) {
    const AVStream* stream = input->format->streams[input->audio_stream];
    int64_t origin =
        av_rescale_q(SourceReader::origin_of(*input),
                     input->format->streams[input->video_stream]->time_base, stream->time_base);
    auto opened = AudioPipeline::open(stream, origin, config.audio_bitrate);
    // Sound we cannot decode is dropped like a missing track: the clip still plays.
    if (opened) {
      audio.emplace(std::move(*opened));
    } else if (opened.error().kind != ErrorKind::kBadInput) {
      return std::unexpected(opened.error());
    }
  }
  input->info.has_audio = audio.has_value();

  const AVStream* video = input->format->streams[input->video_stream];
  double cap = config.max_frame_rate > 0 ? config.max_frame_rate : 60.0;
  AVRational rate = video->avg_frame_rate.num > 0 ? video->avg_frame_rate : video->r_frame_rate;
  if (rate.num <= 0 || rate.den <= 0 || av_q2d(rate) > cap)
    rate = av_d2q(std::min(cap, 30.0), 1001);
  if (av_q2d(rate) > cap) rate = av_d2q(cap, 1001);
  SegmentSchedule schedule(config);
  VideoEncoderSettings settings;
  settings.frame_rate = rate;
  settings.gop = static_cast<int>(std::ceil(schedule.longest_seconds() * cap)) + 2;
  settings.preset = config.x264_preset;
  // Each encoder may use every core: the top rendition costs more than its share of the work,
  // and the bounded queues hold the others to its pace, so with a thread each the cores they
  // leave idle would stay idle.
  settings.threads = threads;

  std::vector<std::unique_ptr<RenditionWorker>> workers;
  std::vector<WorkQueue*> queues;
  for (const PlannedRendition& rendition : *planned) {
    std::filesystem::path dir = output_dir / rendition.name;
    std::error_code ec;
    std::filesystem::create_directory(dir, ec);
    if (ec) return std::unexpected(internal_error("cannot create " + rendition.name));
    auto worker = RenditionWorker::create(rendition, settings, audio ? audio->encoder() : nullptr,
                                          input->info.rotation, dir, kQueueCapacity);
    if (!worker) return std::unexpected(worker.error());
    queues.push_back(&(*worker)->queue());
    workers.push_back(std::move(*worker));
  }

  Fanout fanout(queues);
  ThumbnailPicker thumbnails(input->info.duration_ms * (kTicksPerSecond / 1000));
  std::expected<ReadSummary, TranscodeError> summary;
  {
    std::vector<std::jthread> running;
    for (auto& worker : workers)
      running.emplace_back([&w = *worker] { w.run(); });
    SourceReader reader(config, threads,
                        ReaderParts{&*input, audio ? &*audio : nullptr, &fanout, &thumbnails,
                                    &progress, &cancelled});
    summary = reader.run();
    if (summary) {
      fanout.close();
    } else {
      fanout.abort();
    }
  }  // joins the renditions

  // A rendition's own failure explains a refused queue better than the reader can.
  for (const auto& worker : workers) {
    if (!worker->result() && worker->result().error().kind != ErrorKind::kCancelled) {
      return std::unexpected(worker->result().error());
    }
  }
  if (!summary) return std::unexpected(summary.error());
  for (const auto& worker : workers) {
    if (!worker->result()) return std::unexpected(worker->result().error());
  }

  if (auto written = write_thumbnails(output_dir, thumbnails, input->info); !written) {
    return std::unexpected(written.error());
  }
  std::vector<RenditionOutput> outputs;
  for (const auto& worker : workers)
    outputs.push_back(*worker->result());
  if (auto written = write_playlists(output_dir, outputs); !written) {
    return std::unexpected(written.error());
  }
  TranscodeResult result;
  result.source = input->info;
  result.duration_ms = summary->duration / (kTicksPerSecond / 1000);
  for (const RenditionOutput& output : outputs)
    result.renditions.push_back(output.rendition.name);
  return result;
}

}  // namespace

std::expected<SourceInfo, TranscodeError> probe(const std::filesystem::path& input,
                                                const LadderConfig& config) {
  auto opened = open_input(input, config, nullptr);
  if (!opened) return std::unexpected(opened.error());
  return opened->info;
}

std::expected<TranscodeResult, TranscodeError> transcode(const std::filesystem::path& input,
                                                         const std::filesystem::path& output_dir,
                                                         const LadderConfig& config,
                                                         std::function<void(double)> progress,
                                                         std::function<bool()> cancelled) {
  std::error_code ec;
  // Someone else's files are never ours to remove.
  if (std::filesystem::exists(output_dir, ec) && !std::filesystem::is_empty(output_dir, ec)) {
    return std::unexpected(internal_error("output directory is not empty"));
  }
  auto result = run(input, output_dir, config, progress, cancelled);
  if (!result) std::filesystem::remove_all(output_dir, ec);
  return result;
}

}  // namespace origin::transcode
