#include "bench/swipebench/replay/progress.h"

#include <unistd.h>

#include <algorithm>

namespace swipebench::replay {

namespace {
constexpr double kPlainEveryS = 5;
constexpr int kBarWidth = 30;
}  // namespace

Progress::Progress(std::FILE* out) : out_(out), terminal_(isatty(fileno(out)) != 0) {}

void Progress::update(const ProgressState& s) {
  double dt = s.elapsed_s - last_elapsed_;
  double rate = dt > 0 ? static_cast<double>(s.requests - last_requests_) / dt : 0;
  last_requests_ = s.requests;
  last_elapsed_ = s.elapsed_s;
  if (terminal_) {
    double done = s.planned_s > 0 ? std::clamp(s.elapsed_s / s.planned_s, 0.0, 1.0) : 0;
    int filled = static_cast<int>(done * kBarWidth);
    std::fprintf(out_, "\r[%.*s%*s] viewers %lld/%lld  %.0f req/s  %.0f/%.0f s ", filled,
                 "##############################", kBarWidth - filled, "",
                 static_cast<long long>(s.viewers_done), static_cast<long long>(s.viewers), rate,
                 s.elapsed_s, s.planned_s);
  } else {
    if (s.elapsed_s - last_line_ < kPlainEveryS) return;
    last_line_ = s.elapsed_s;
    std::fprintf(out_, "replay: viewers %lld/%lld done, %.0f req/s, %.0f/%.0f s\n",
                 static_cast<long long>(s.viewers_done), static_cast<long long>(s.viewers), rate,
                 s.elapsed_s, s.planned_s);
  }
  std::fflush(out_);
}

void Progress::finish() {
  if (terminal_) std::fputc('\n', out_);
  std::fflush(out_);
}

}  // namespace swipebench::replay
