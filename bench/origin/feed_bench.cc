// feed_bench: the feeds' load benchmark. `seed` fills a data directory with a synthetic catalog
// of ready videos (before origind starts); `run` loads events into a running origind, then
// measures GET /api/feed at rising open-loop rates and GET /api/feed/region/{R} at a low rate,
// and prints the tables and verdicts, with JSON and HTML reports on request.
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "bench/origin/feed_ingest.h"
#include "bench/origin/feed_loop.h"
#include "bench/origin/feed_steps.h"
#include "core/base/clock.h"
#include "origin/api/data_layout.h"
#include "origin/store/store.h"

namespace {

using namespace bench::feed;

constexpr const char* kUsage =
    "usage: feed_bench seed --data-dir DIR [--videos N] [--seed S]\n"
    "       feed_bench run --url http://127.0.0.1:PORT [--phases ingest,feeds,region]\n"
    "         [--videos N] [--viewers N] [--seed S] [--events N] [--batch N] [--connections N]\n"
    "         [--rates R,R,...] [--step-seconds S] [--warmup S] [--events-rate N]\n"
    "         [--region-rate R] [--region-seconds S] [--server-pids NAME=PID,...]\n"
    "         [--target-rate R] [--target-p99-ms MS] [--target-events N]\n"
    "         [--json FILE] [--html FILE]\n";

using Flags = std::map<std::string, std::string>;

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) items.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return items;
}

// Numbers given by the user; a bad one ends the program with the usage.
double number(const Flags& flags, const std::string& name, double fallback) {
  auto it = flags.find(name);
  if (it == flags.end()) return fallback;
  double value = 0;
  auto [end, error] =
      std::from_chars(it->second.data(), it->second.data() + it->second.size(), value);
  if (error != std::errc() || end != it->second.data() + it->second.size() || value < 0) {
    std::fprintf(stderr, "--%s: not a number: %s\n%s", name.c_str(), it->second.c_str(), kUsage);
    std::exit(2);
  }
  return value;
}

std::string text(const Flags& flags, const std::string& name, std::string fallback = "") {
  auto it = flags.find(name);
  return it == flags.end() ? fallback : it->second;
}

WorldConfig world_config(const Flags& flags) {
  WorldConfig config;
  config.videos = static_cast<std::size_t>(number(flags, "videos", 100'000));
  config.viewers = static_cast<std::size_t>(number(flags, "viewers", 100'000));
  config.seed = static_cast<uint64_t>(number(flags, "seed", 1));
  return config;
}

int seed(const Flags& flags) {
  std::string dir = text(flags, "data-dir");
  if (dir.empty()) {
    std::fprintf(stderr, "seed: --data-dir is required\n%s", kUsage);
    return 2;
  }
  World world(world_config(flags));
  core::base::SystemClock clock;
  // Where origind will look for its LMDB environment (DataLayout::db_dir is inline).
  auto store =
      origin::store::Store::open({.dir = origin::api::DataLayout(dir).db_dir(), .clock = &clock});
  if (!store) {
    std::fprintf(stderr, "seed: cannot open the store: %s\n", store.error().what.c_str());
    return 1;
  }
  int64_t now_s = clock.unix_seconds();
  auto start = Clock::now();
  std::size_t videos = world.config().videos;
  for (std::size_t i = 0; i < videos; ++i) {
    if (auto put = (*store)->import_video(world.video_record(i, now_s)); !put) {
      std::fprintf(stderr, "seed: video %zu: %s\n", i, put.error().what.c_str());
      return 1;
    }
  }
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("seed: %zu ready videos imported in %.2f s (%.0f videos/s, one transaction each)\n",
              videos, seconds, static_cast<double>(videos) / seconds);
  return 0;
}

std::string now_iso() {
  std::time_t t = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return text;
}

int run(const Flags& flags) {
  std::string url = text(flags, "url");
  World world(world_config(flags));
  Loop loop = make_loop();
  auto http = HttpCaller::create(loop.get(), url);
  if (!loop || !http) {
    std::fprintf(stderr, "run: --url must be http://IP:PORT, got '%s'\n%s", url.c_str(), kUsage);
    return 2;
  }
  std::vector<int> pids;
  Report report;
  // NAME=PID items, and this load generator itself, which shares the machine.
  report.servers.push_back("feed_bench");
  pids.push_back(static_cast<int>(getpid()));
  for (const std::string& item : split(text(flags, "server-pids"))) {
    auto equals = item.find('=');
    report.servers.push_back(equals == std::string::npos ? item : item.substr(0, equals));
    pids.push_back(std::atoi(item.c_str() + (equals == std::string::npos ? 0 : equals + 1)));
  }
  report.started = now_iso();
  report.load_at_start = load_average();
  report.targets.feed_rate = number(flags, "target-rate", 1'000);
  report.targets.p99_ms = number(flags, "target-p99-ms", 10);
  report.targets.events_per_s = number(flags, "target-events", 50'000);
  std::vector<std::string> phases = split(text(flags, "phases", "ingest,feeds,region"));
  auto wants = [&](const char* phase) {
    return std::find(phases.begin(), phases.end(), phase) != phases.end();
  };

  if (wants("ingest")) {
    IngestOptions options;
    options.events = static_cast<std::size_t>(number(flags, "events", 1'000'000));
    options.batch = static_cast<std::size_t>(number(flags, "batch", 500));
    options.connections = static_cast<std::size_t>(number(flags, "connections", 8));
    options.server_pids = pids;
    report.ingest = run_ingest(loop.get(), *http, world, options);
    report.have_ingest = true;
    print_ingest(report, stdout);
    std::fflush(stdout);
    // The refresher folds the new counters and trending into the next snapshot.
    run_until(
        loop.get(), [] { return false; }, 2.5);
  }
  if (wants("feeds")) {
    StepOptions options;
    options.rates.clear();
    for (const std::string& rate : split(text(flags, "rates", "250,500,1000,1500,2000")))
      options.rates.push_back(std::stod(rate));
    options.seconds = number(flags, "step-seconds", 12);
    options.warmup_s = number(flags, "warmup", 3);
    options.events_per_s = number(flags, "events-rate", 2'000);
    options.server_pids = pids;
    report.mix = describe_mix(options, world);
    report.steps = run_feed_steps(loop.get(), *http, world, options);
    print_steps(report, stdout);
  }
  if (wants("region")) {
    RegionOptions options;
    options.rate = number(flags, "region-rate", 5);
    options.seconds = number(flags, "region-seconds", 10);
    report.region = run_region(loop.get(), *http, world, options);
    report.have_region = true;
    print_region(report.region, stdout);
  }
  report.load_at_end = load_average();
  std::printf("load average: %s at start, %s at end\n", report.load_at_start.c_str(),
              report.load_at_end.c_str());
  bool pass = print_verdicts(report, stdout);
  if (std::string path = text(flags, "json"); !path.empty())
    std::ofstream(path) << to_json(report).dump(2) << "\n";
  if (std::string path = text(flags, "html"); !path.empty())
    std::ofstream(path) << html_page(report);
  return pass ? 0 : 3;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  std::string command = argv[1];
  Flags flags;
  for (int i = 2; i < argc; i += 2) {
    std::string name = argv[i];
    if (!name.starts_with("--") || i + 1 >= argc) {
      std::fprintf(stderr, "bad argument '%s'\n%s", name.c_str(), kUsage);
      return 2;
    }
    flags[name.substr(2)] = argv[i + 1];
  }
  if (command == "seed") return seed(flags);
  if (command == "run") return run(flags);
  std::fputs(kUsage, stderr);
  return 2;
}
