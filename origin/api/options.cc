// parse_options through CLI11, whose exceptions stop here; sizes accept K/M/G suffixes.
// GCC 12 reports a false null dereference inside CLI11's inline string splitting.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <CLI/CLI.hpp>
#pragma GCC diagnostic pop

#include <thread>

#include "core/server/listen_socket.h"
#include "origin/api/options.h"
#include "swipecdn/version.h"

namespace origin::api {
namespace {

constexpr std::string_view kDescription =
    "origind: uploads, transcoding to an HLS ladder, metadata in LMDB, HLS serving, "
    "interaction events and ranked feeds (Redis)";

// "1G", "512M", "64K", "100": bytes.
std::optional<int64_t> parse_size(std::string text) {
  int64_t unit = 1;
  if (!text.empty()) {
    switch (text.back()) {
      case 'K':
      case 'k':
        unit = int64_t{1} << 10;
        break;
      case 'M':
      case 'm':
        unit = int64_t{1} << 20;
        break;
      case 'G':
      case 'g':
        unit = int64_t{1} << 30;
        break;
      default:
        break;
    }
    if (unit != 1) text.pop_back();
  }
  if (text.empty() || text.size() > 12) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  return std::stoll(text) * unit;
}

std::optional<core::log::Level> parse_level(std::string_view text) {
  for (auto level : {core::log::Level::kDebug, core::log::Level::kInfo, core::log::Level::kWarn,
                     core::log::Level::kError}) {
    if (core::log::to_string(level) == text) return level;
  }
  return std::nullopt;
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> items;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string item =
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!item.empty()) items.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return items;
}

// A size flag: CLI11 keeps the text, checked here so the error names the flag.
struct SizeFlag {
  const char* name;
  std::string text;
  int64_t* target;
};

}  // namespace

std::expected<Options, OptionsError> parse_options(int argc, const char* const* argv) {
  Options o;
  o.runner.workers = 1;
  CLI::App app(std::string(kDescription), "origind");
  app.set_version_flag("--version", std::string("origind ") + swipecdn::kVersion);
  app.set_config("--config", "", "TOML file whose keys are the long flag names");
  app.allow_config_extras(false);
  std::string level = "info";
  std::vector<SizeFlag> sizes = {{"--max-upload", "", &o.api.max_upload_bytes},
                                 {"--creator-quota", "", &o.creator_quota_bytes}};
  std::string bootstrap;
  int64_t shutdown_ms = o.shutdown_timeout.count();

  app.add_option("--listen", o.listen, "address:port to serve on (port 0 picks one)")
      ->capture_default_str();
  app.add_option("--data-dir", o.data_dir, "directory of the metadata, uploads and videos");
  std::string redis = "redis://127.0.0.1:6379";
  app.add_option("--redis", redis, "Redis of the interaction events and feeds")
      ->capture_default_str();
  app.add_option("--redis-prefix", o.feed.key_prefix, "prefix of every Redis key")
      ->capture_default_str();
  app.add_option("--trending-half-life", o.feed.effects.trending_half_life_s,
                 "seconds for an interaction's weight in trending to halve")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 30.0 * 86400));
  app.add_option("--region-horizon", o.feed.region_horizon_s,
                 "seconds ahead the region feed plans for")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 3600.0));
  app.add_option("--max-event-batch", o.feed.max_batch_events, "events per POST /api/events")
      ->capture_default_str()
      ->check(CLI::Range(1, 100'000));
  app.add_option("--max-event-batches-waiting", o.feed.max_batches_waiting,
                 "event batches held at once, waiting for Redis; more are answered 503")
      ->capture_default_str()
      ->check(CLI::Range(1, 100'000));
  app.add_option("--workers", o.workers, "HTTP worker threads")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  app.add_option("--transcode-jobs", o.runner.workers, "transcodes at once (each uses every core)")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  app.add_option("--max-attempts", o.runner.max_attempts, "attempts of a job before it fails")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));
  app.add_option("--retry-backoff", o.runner.retry_backoff_s,
                 "seconds before a job's 2nd attempt, doubled for each later one")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{0}, int64_t{86400}));
  app.add_option("--segment-seconds", o.runner.ladder.segment_seconds, "HLS segment duration")
      ->capture_default_str()
      ->check(CLI::Range(0.5, 20.0));
  app.add_option("--bootstrap-segments", bootstrap,
                 "durations of the first segments, e.g. 1 or 1,1.5 (fast starts)");
  app.add_option("--x264-preset", o.runner.ladder.x264_preset, "libx264 preset")
      ->capture_default_str();
  app.add_option("--playlist-max-age", o.api.playlist_max_age_s,
                 "Cache-Control max-age of playlists, seconds")
      ->capture_default_str()
      ->check(CLI::Range(0, 86400));
  app.add_option("--playlist-stale-while-revalidate", o.api.playlist_stale_while_revalidate_s,
                 "seconds past max-age a cache may serve a playlist while revalidating (0: none)")
      ->capture_default_str()
      ->check(CLI::Range(0, 86400));
  for (SizeFlag& flag : sizes)
    app.add_option(flag.name, flag.text, "bytes, with an optional K/M/G suffix");
  app.add_option("--port-file", o.port_file, "write the bound port here once listening");
  app.add_option("--log-file", o.log_file, "JSON log file (default: stderr)");
  app.add_option("--log-level", level, "debug, info, warn or error")->capture_default_str();
  app.add_option("--shutdown-timeout-ms", shutdown_ms, "graceful stop deadline")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{0}, int64_t{600'000}));
  bool check_config = false;
  app.add_flag("--check-config", check_config,
               "validate the flags and --config file, print ok and exit (2 when bad)");
  // A --config file may not turn a check into a start.
  app.get_option("--check-config")->configurable(false);

  CLI::App* ingest = app.add_subcommand("ingest", "transcode FILE now and print its video id");
  ingest->add_option("FILE", o.input, "the clip")->required();
  ingest->add_option("--data-dir", o.data_dir, "directory of the metadata, uploads and videos");
  ingest->add_option("--title", o.title, "title");
  ingest->add_option("--creator", o.creator, "creator id")->capture_default_str();
  std::string hashtags;
  ingest->add_option("--hashtags", hashtags, "comma-separated hashtags");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    o.action = Options::Action::kPrintText;
    o.text = app.help();
    return o;
  } catch (const CLI::CallForVersion&) {
    o.action = Options::Action::kPrintText;
    o.text = app.version() + "\n";
    return o;
  } catch (const CLI::ParseError& e) {
    return std::unexpected(OptionsError{e.what()});
  }
  if (o.data_dir.empty()) return std::unexpected(OptionsError{"--data-dir is required"});
  // Checked here rather than when the server binds, so that a typo is a usage error (exit 2)
  // that --check-config finds too.
  if (auto address = core::server::parse_listen_address(o.listen); !address)
    return std::unexpected(OptionsError{"--listen: " + address.error()});
  auto endpoint = core::redis::parse_endpoint(redis);
  if (!endpoint) {
    return std::unexpected(
        OptionsError{"--redis: expected redis://[:password@]host[:port][/db], got " + redis});
  }
  o.feed.redis = *endpoint;
  for (SizeFlag& flag : sizes) {
    if (flag.text.empty()) continue;
    auto bytes = parse_size(flag.text);
    if (!bytes) {
      return std::unexpected(OptionsError{std::string(flag.name) + ": not a size: " + flag.text});
    }
    *flag.target = *bytes;
  }
  auto parsed_level = parse_level(level);
  if (!parsed_level) return std::unexpected(OptionsError{"--log-level: unknown level " + level});
  o.log_level = *parsed_level;
  for (const std::string& item : split(bootstrap)) {
    char* end = nullptr;
    double seconds = std::strtod(item.c_str(), &end);
    if (end == item.c_str() || *end != '\0' || seconds < 0.5 || seconds > 20.0) {
      return std::unexpected(OptionsError{"--bootstrap-segments: bad duration " + item});
    }
    o.runner.ladder.bootstrap_segments.push_back(seconds);
  }
  o.shutdown_timeout = std::chrono::milliseconds(shutdown_ms);
  o.hashtags = split(hashtags);
  if (ingest->parsed()) {
    if (check_config)
      return std::unexpected(OptionsError{"--check-config: checks a server's flags, not ingest's"});
    o.action = Options::Action::kIngest;
  } else if (check_config) {
    o.action = Options::Action::kCheckConfig;
  }
  return o;
}

}  // namespace origin::api
