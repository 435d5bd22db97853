// The convert command line: the source shape, its file, and the viewer population that curve
// shapes need (the generator's, gen/gen_model.h).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <CLI/CLI.hpp>
#pragma GCC diagnostic pop

#include <cstdio>
#include <fstream>
#include <sstream>

#include "bench/swipebench/command_line.h"
#include "bench/swipebench/convert/convert_command.h"
#include "bench/swipebench/convert/curve_sampler.h"
#include "bench/swipebench/convert/kuairec.h"
#include "bench/swipebench/gen/audience.h"

namespace swipebench::convert {
namespace {

constexpr const char* kCommand = "swipebench convert";
constexpr uint64_t kMaxInputBytes = uint64_t{4} << 30;

struct ConvertFlags {
  std::string from;
  std::string in;
  std::string out;
  gen::GenModel model;
  std::string regions = "eu:0.5,us:0.3,ap:0.2";
  std::string ip_ranges;
  bool csv = false;
  bool ids = false;
};

std::expected<std::string, std::string> read_input(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::unexpected(path + ": cannot open");
  file.seekg(0, std::ios::end);
  const std::streamoff size = file.tellg();
  if (size < 0 || static_cast<uint64_t>(size) > kMaxInputBytes)
    return std::unexpected(path + ": unreadable or larger than 4 GiB");
  file.seekg(0);
  std::string text(static_cast<size_t>(size), '\0');
  if (!file.read(text.data(), size)) return std::unexpected(path + ": cannot read");
  return text;
}

std::expected<Trace, std::string> convert(const ConvertFlags& flags, const std::string& text,
                                          bool minutes_given, bool viewers_given) {
  const size_t max_rows = TraceLimits{}.max_rows;
  if (flags.from == "kuairec") {
    const KuaiRecOptions options{.max_users = viewers_given ? flags.model.viewers : 0,
                                 .window_minutes = minutes_given ? flags.model.minutes : 0,
                                 .keep_ids = flags.ids};
    auto result = convert_kuairec(text, flags.in, options, flags.model, max_rows);
    if (!result) return std::unexpected(result.error());
    if (result->skipped_rows + result->clamped_rows > 0) {
      std::fprintf(stderr,
                   "%s: %zu rows without a timestamp or play_duration skipped, %zu watch "
                   "times clamped to an hour\n",
                   kCommand, result->skipped_rows, result->clamped_rows);
    }
    return std::move(result->trace);
  }
  const CurveKind kind =
      flags.from == "dashlet" ? CurveKind::kSwipeProbability : CurveKind::kRetention;
  auto curves = parse_curves(text, flags.in, kind);
  if (!curves) return std::unexpected(curves.error());
  return sample_curves(*curves, flags.model, flags.ids, max_rows);
}

int run(ConvertFlags& flags, const CLI::App& app) {
  if (flags.in.empty()) return usage_error(kCommand, "IN (the input file) is required");
  if (flags.out.empty()) return usage_error(kCommand, "--out is required");
  auto regions = gen::parse_regions(flags.regions);
  if (!regions) return usage_error(kCommand, "--regions: " + regions.error());
  flags.model.regions = std::move(*regions);
  if (!flags.ip_ranges.empty()) {
    if (auto applied = gen::apply_ip_ranges(flags.model.regions, flags.ip_ranges); !applied)
      return usage_error(kCommand, "--ip-ranges: " + applied.error());
  }
  auto text = read_input(flags.in);
  if (!text) return failure(kCommand, text.error());
  auto trace = convert(flags, *text, app.count("--minutes") > 0, app.count("--viewers") > 0);
  if (!trace) return failure(kCommand, trace.error());
  const auto format = flags.csv ? TraceFormat::kCsv : TraceFormat::kJsonLines;
  if (auto written = write_trace(*trace, flags.out, format); !written)
    return failure(kCommand, written.error());
  return kExitOk;
}

}  // namespace

int run_convert(int argc, char** argv) {
  CLI::App app(
      "swipebench convert: a swipe trace from research data shapes: per-video swipe "
      "probabilities (dashlet), retention curves (retention), play-duration logs "
      "(kuairec)",
      "swipebench convert");
  ConvertFlags flags;
  app.add_option("--from", flags.from, "the input's shape")
      ->check(CLI::IsMember({"dashlet", "retention", "kuairec"}));
  app.add_option("IN", flags.in, "the input file (CSV)");
  app.add_option("--out", flags.out, "trace file to write");
  app.add_option("--viewers", flags.model.viewers,
                 "curves: viewers to sample (default 1000); kuairec: keep the first N users")
      ->check(CLI::Range(int64_t{1}, int64_t{1'000'000}));
  app.add_option("--minutes", flags.model.minutes,
                 "curves: the window (default 10); kuairec: compress the log into it")
      ->check(CLI::Range(0.01, 7 * 24 * 60.0));
  app.add_option("--seed", flags.model.seed, "random seed (default 1)");
  app.add_option("--regions", flags.regions, "NAME:SHARE,... (default eu:0.5,us:0.3,ap:0.2)");
  app.add_option("--ip-ranges", flags.ip_ranges,
                 "REGION:A.B.C.D/P,... (default: i-th region in 10.77.(11+i).0/24)");
  app.add_flag("--csv", flags.csv, "write CSV instead of JSON lines");
  app.add_flag("--ids", flags.ids, "keep the source's video ids instead of ranks #N");
  app.footer(
      "Input shapes (CSV with a header):\n"
      "  dashlet    video,second,value   value: probability of swiping away in that second\n"
      "  retention  video,second,value   value: share still watching at that second\n"
      "  kuairec    user_id,video_id,play_duration,...,timestamp,...   (ms, Unix seconds)\n"
      "Curve videos rank by their order in the file; kuairec videos by play count.");
  return run_command(app, kCommand, argc, argv, [&] {
    if (flags.from.empty()) return usage_error(kCommand, "--from is required");
    return run(flags, app);
  });
}

}  // namespace swipebench::convert
