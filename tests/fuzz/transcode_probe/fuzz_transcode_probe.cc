// libFuzzer target for the ingest path of origin::transcode: the whitelisted demuxers behind
// probe(), then, for what probe() accepts, a whole transcode to a one-rung ladder with tight
// limits (the decoder, the timeline, the muxer, the playlists).
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <system_error>

extern "C" {
#include <libavutil/log.h>
}

#include "core/base/unique_handle.h"
#include "origin/transcode/transcode.h"

namespace {

origin::transcode::LadderConfig fuzz_config() {
  origin::transcode::LadderConfig config;
  config.ladder = {{"32p", 32, 50'000}};
  config.x264_preset = "ultrafast";
  config.threads = 1;
  config.max_width = 256;
  config.max_pixels = 256 * 256;
  config.max_duration_ms = 3000;
  return config;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  av_log_set_level(AV_LOG_QUIET);
  // The input as a file without touching the disk: the file protocol opens /proc/self/fd/N.
  core::base::UniqueFd fd(memfd_create("transcode-fuzz", 0));
  if (!fd) return 0;
  if (size > 0 && write(fd.get(), data, size) != static_cast<ssize_t>(size)) return 0;
  std::filesystem::path input = "/proc/self/fd/" + std::to_string(fd.get());
  const auto config = fuzz_config();
  if (!origin::transcode::probe(input, config)) return 0;
  std::filesystem::path out =
      std::filesystem::temp_directory_path() / ("transcode-fuzz-" + std::to_string(getpid()));
  std::error_code ec;
  std::filesystem::remove_all(out, ec);
  (void)origin::transcode::transcode(input, out, config);
  std::filesystem::remove_all(out, ec);
  return 0;
}
