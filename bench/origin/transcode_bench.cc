// Times one transcode of a clip to the default ladder (what origind does for an upload) and
// prints the wall time in seconds, for run-transcode-bench.sh to compare with the ffmpeg CLI.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

extern "C" {
#include <libavutil/log.h>
}

#include "origin/transcode/transcode.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s INPUT OUTPUT_DIR [PRESET] [THREADS]\n", argv[0]);
    return 2;
  }
  av_log_set_level(AV_LOG_ERROR);
  origin::transcode::LadderConfig config;
  if (argc > 3) config.x264_preset = argv[3];
  if (argc > 4) config.threads = std::atoi(argv[4]);
  auto start = std::chrono::steady_clock::now();
  auto result = origin::transcode::transcode(argv[1], argv[2], config);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!result) {
    std::fprintf(stderr, "transcode failed: %s\n", result.error().reason.c_str());
    return 1;
  }
  std::printf("%.3f\n", seconds);
  return 0;
}
