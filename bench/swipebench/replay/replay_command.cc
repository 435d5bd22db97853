// run_replay(): flags, trace, engine, then the table on stdout and the files asked for.
#include "bench/swipebench/replay/replay_command.h"

#include <cstdio>
#include <fstream>

#include "bench/swipebench/replay/engine.h"
#include "bench/swipebench/replay/replay_flags.h"
#include "bench/swipebench/report/html_report.h"
#include "bench/swipebench/report/json_report.h"
#include "bench/swipebench/report/table_report.h"

namespace swipebench::replay {
namespace {

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) std::fprintf(stderr, "replay: cannot write %s\n", path.c_str());
  return static_cast<bool>(out);
}

}  // namespace

int run_replay(int argc, char** argv) {
  auto invocation = parse_replay_flags(argc, argv);
  if (!invocation) {
    std::fprintf(stderr, "swipebench replay: %s\n", invocation.error().c_str());
    return 2;
  }
  if (invocation->print_help) {
    std::fputs(invocation->help.c_str(), stdout);
    return 0;
  }
  const ReplayOptions& o = invocation->options;
  auto trace = read_trace(o.trace);
  if (!trace) {
    std::fprintf(stderr, "swipebench replay: --trace: %s\n", trace.error().c_str());
    return 2;
  }
  auto run = run_replay_engine(o, *trace);
  if (!run) {
    std::fprintf(stderr, "swipebench replay: %s\n", run.error().c_str());
    return 2;
  }
  const RunResults& r = run->results;
  std::fputs(report::format_table(r).c_str(), stdout);
  std::fflush(stdout);
  bool written = true;
  if (!o.json_path.empty())
    written &= write_file(o.json_path, report::format_json(r, run->viewers));
  if (!o.html_path.empty())
    written &= write_file(o.html_path, report::format_html(r, run->viewers));
  if (r.fell_behind) {
    std::fprintf(stderr,
                 "swipebench replay: FELL BEHIND: swipes started %.0f ms late (p99), more than "
                 "--max-lag-ms %lld; the figures do not describe the planned load\n",
                 r.lag_p99_ms.value_or(0), static_cast<long long>(o.max_lag_ms));
    return 3;
  }
  // A swipe that never started is a viewer who left before the clip did: a figure of the run
  // (swipes started X of Y), not a failure of the replay.
  if (!written || error_total(r) > 0) return 1;
  return 0;
}

}  // namespace swipebench::replay
