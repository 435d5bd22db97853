// The gen command line: model parameters that a study is likely to vary are flags, with the
// model's defaults; the rest stay in GenModel for tests and code.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <CLI/CLI.hpp>
#pragma GCC diagnostic pop

#include <fstream>

#include "bench/swipebench/command_line.h"
#include "bench/swipebench/gen/audience.h"
#include "bench/swipebench/gen/gen_command.h"
#include "bench/swipebench/gen/generator.h"
#include "bench/swipebench/gen/id_list.h"

namespace swipebench::gen {
namespace {

constexpr const char* kCommand = "swipebench gen";

struct GenFlags {
  GenModel model;
  std::string out;
  std::string regions = "eu:0.5,us:0.3,ap:0.2";
  std::string ip_ranges;
  std::string ids_file;
  std::string catalog_out;
  bool csv = false;
};

void add_flags(CLI::App& app, GenFlags& flags) {
  GenModel& m = flags.model;
  app.add_option("--viewers", m.viewers, "viewers over the window")
      ->check(CLI::Range(int64_t{1}, int64_t{1'000'000}));
  app.add_option("--videos", m.videos, "catalog size M (default: the --ids count)")
      ->check(CLI::Range(int64_t{1}, int64_t{10'000'000}));
  app.add_option("--minutes", m.minutes, "length of the window")
      ->check(CLI::Range(0.01, 7 * 24 * 60.0));
  app.add_option("--out", flags.out, "trace file to write");
  app.add_option("--seed", m.seed, "random seed; a seed gives the same trace (default 1)");
  app.add_option("--regions", flags.regions, "NAME:SHARE,... (default eu:0.5,us:0.3,ap:0.2)");
  app.add_option("--ip-ranges", flags.ip_ranges,
                 "REGION:A.B.C.D/P,... (default: i-th region in 10.77.(11+i).0/24)");
  app.add_flag("--csv", flags.csv, "write CSV instead of JSON lines");
  app.add_option("--ids", flags.ids_file,
                 "name videos by id: FILE holds one id a line, most popular first");
  app.add_option("--catalog-out", flags.catalog_out,
                 "also write the model's catalog (video,duration_ms,topic) as CSV");
  app.add_option("--zipf", m.zipf_exponent, "popularity exponent (default 0.9)")
      ->check(CLI::Range(0.0, 3.0));
  app.add_option("--topics", m.topics, "topics videos belong to (default 20)")
      ->check(CLI::Range(1, 10'000));
  app.add_option("--interest-share", m.interest_share,
                 "swipes to a video of the viewer's topics (default 0.5)")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--bursts-per-hour", m.bursts_per_hour, "viral bursts (default 6)")
      ->check(CLI::Range(0.0, 1000.0));
  app.add_option("--early-skip", m.watch.early_skip,
                 "share of swipes away within 2 s (default 0.35); the other watch classes keep "
                 "their proportions")
      ->check(CLI::Range(0.0, 0.9));
  app.add_option("--session-swipes", m.session_median_swipes,
                 "median swipes in a session (default 12)")
      ->check(CLI::Range(1.0, 300.0));
}

int write_outputs(const GenFlags& flags, const Trace& trace) {
  const auto format = flags.csv ? TraceFormat::kCsv : TraceFormat::kJsonLines;
  if (auto written = write_trace(trace, flags.out, format); !written)
    return failure(kCommand, written.error());
  if (!flags.catalog_out.empty()) {
    std::ofstream file(flags.catalog_out, std::ios::binary | std::ios::trunc);
    file << format_catalog(flags.model, Catalog(flags.model));
    file.close();
    if (!file) return failure(kCommand, flags.catalog_out + ": cannot write");
  }
  return kExitOk;
}

int generate_and_write(GenFlags& flags, bool videos_given) {
  GenModel& model = flags.model;
  auto regions = parse_regions(flags.regions);
  if (!regions) return usage_error(kCommand, "--regions: " + regions.error());
  model.regions = std::move(*regions);
  if (!flags.ip_ranges.empty()) {
    if (auto applied = apply_ip_ranges(model.regions, flags.ip_ranges); !applied)
      return usage_error(kCommand, "--ip-ranges: " + applied.error());
  }
  if (!flags.ids_file.empty()) {
    auto ids = read_id_list(flags.ids_file);
    if (!ids) return usage_error(kCommand, "--ids: " + ids.error());
    model.ids = std::move(*ids);
    if (!videos_given) model.videos = static_cast<int64_t>(model.ids.size());
    if (model.videos > static_cast<int64_t>(model.ids.size()))
      return usage_error(kCommand, "--videos: more than the " + std::to_string(model.ids.size()) +
                                       " ids of --ids");
  } else if (!videos_given) {
    return usage_error(kCommand, "--videos is required (or --ids)");
  }
  // The other watch classes keep their proportions to each other.
  const WatchModel defaults;
  const double scale = (1 - model.watch.early_skip) / (1 - defaults.early_skip);
  model.watch.partial = defaults.partial * scale;
  model.watch.complete = defaults.complete * scale;
  auto trace = generate(model, TraceLimits{}.max_rows);
  if (!trace) return usage_error(kCommand, trace.error());
  return write_outputs(flags, *trace);
}

}  // namespace

int run_gen(int argc, char** argv) {
  CLI::App app(
      "swipebench gen: a seeded swipe trace from a documented viewer model (Zipf "
      "popularity with viral bursts, interests, regions, sessions, watch times)",
      "swipebench gen");
  GenFlags flags;
  add_flags(app, flags);
  return run_command(app, kCommand, argc, argv, [&] {
    // Checked here rather than by CLI11, which would report them before an unknown flag.
    for (const char* required : {"--viewers", "--minutes", "--out"}) {
      if (app.count(required) == 0)
        return usage_error(kCommand, std::string(required) + " is required");
    }
    return generate_and_write(flags, app.count("--videos") > 0);
  });
}

}  // namespace swipebench::gen
