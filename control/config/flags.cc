// The command line through CLI11, whose exceptions stop here. Each flag is collected as text
// and parsed with the file's values, so `--interval 5s` and `interval = "5s"` agree.
// GCC 12 reports a false null dereference inside CLI11's inline string splitting.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <CLI/CLI.hpp>
#pragma GCC diagnostic pop

#include "control/config/control_config.h"
#include "swipecdn/version.h"

namespace control::config {
namespace {

struct Flag {
  std::string_view name;  // "--admin-secret"; its key is the name without dashes, '-' as '_'
  std::string_view type;
  std::string_view help;
};

constexpr Flag kFlags[] = {
    {"--origin", "URL", "the origin whose region feeds are planned (http://IP:port)"},
    {"--redis", "URL", "Redis holding the shared state (redis://host:port)"},
    {"--interval", "DURATION", "time between planning rounds (default 5s)"},
    {"--admin-secret", "TEXT", "shared secret signing hints to edges and drain requests"},
    {"--listen", "ADDRESS", "admin API address (default 127.0.0.1:8090)"},
    {"--port-file", "FILE", "write the bound port there once listening"},
    {"--log-file", "FILE", "JSON log file (default stderr)"},
    {"--log-level", "LEVEL", "debug, info, warn or error"},
    {"--id", "NAME", "this replica's name in the leader lock (default host-pid)"},
    {"--leader-ttl", "DURATION", "life of the leader lock without renewal (default 1.5 intervals)"},
    {"--held-ttl", "DURATION", "how long an acknowledged segment counts as warm (default 10m)"},
    {"--hint-ttl", "DURATION", "how long a hint's items may start at the edge (default 60s)"},
    {"--request-timeout", "DURATION", "origin, edge and Redis request timeout (default 2s)"},
    {"--feed-count", "N", "videos asked of each region feed (default 200)"},
    {"--horizon", "DURATION", "the region feeds' planning horizon (default 30s)"},
    {"--health-failures", "N", "failed health checks that make an edge dead (default 3)"},
    {"--redis-prefix", "TEXT", "prefix of every Redis key (default swipecdn:control:)"},
};

}  // namespace

std::expected<Invocation, std::string> parse_flags(int argc, const char* const* argv) {
  CLI::App app(
      "controld: pulls region feeds from the origin, plans pre-warming per PoP and pushes "
      "signed hints to the edges; replicas share state and elect a leader in Redis",
      "controld");
  app.get_formatter()->column_width(30);
  Invocation invocation;
  app.add_option("--pops", invocation.pops_file, "TOML file with the PoPs and every setting")
      ->type_name("FILE");
  std::vector<std::string> values(std::size(kFlags));
  for (size_t i = 0; i < std::size(kFlags); ++i) {
    app.add_option(std::string(kFlags[i].name), values[i], std::string(kFlags[i].help))
        ->type_name(std::string(kFlags[i].type));
  }
  bool version = false;
  app.add_flag("--version", version, "print the version and exit");
  bool check_config = false;
  app.add_flag("--check-config", check_config,
               "validate the flags and --pops file, print ok and exit (2 when bad)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    invocation.action = Invocation::Action::kPrintHelp;
    invocation.text = app.help();
    return invocation;
  } catch (const CLI::ParseError& error) {
    return std::unexpected(std::string(error.what()));
  }
  if (version) {
    invocation.action = Invocation::Action::kPrintVersion;
    invocation.text = std::string("controld ") + swipecdn::kVersion + "\n";
    return invocation;
  }
  for (size_t i = 0; i < std::size(kFlags); ++i) {
    if (app.count(std::string(kFlags[i].name)) > 0)
      invocation.flags.emplace_back(std::string(kFlags[i].name), values[i]);
  }
  if (check_config) invocation.action = Invocation::Action::kCheckConfig;
  return invocation;
}

}  // namespace control::config
