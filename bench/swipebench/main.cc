// swipebench, the composition root: dispatches to a subcommand, each of which owns its command
// line (command_line.h).
#include <cstdio>
#include <cstring>
#include <string_view>

#include "bench/swipebench/command_line.h"
#include "bench/swipebench/convert/convert_command.h"
#include "bench/swipebench/gen/gen_command.h"
#include "bench/swipebench/replay/replay_command.h"
#include "swipecdn/version.h"

namespace {

constexpr const char* kUsage =
    "swipebench: swipe traces for the short-video CDN\n"
    "Usage: swipebench COMMAND [FLAGS]   (swipebench COMMAND --help for its flags)\n"
    "Commands:\n"
    "  gen       write a trace from a documented viewer model\n"
    "  convert   a trace from research data shapes (dashlet, retention, kuairec)\n"
    "  replay    replay a trace against an edge with simulated viewers\n";

}  // namespace

int main(int argc, char** argv) {
  const std::string_view command = argc > 1 ? argv[1] : "";
  if (command == "gen") return swipebench::gen::run_gen(argc - 1, argv + 1);
  if (command == "convert") return swipebench::convert::run_convert(argc - 1, argv + 1);
  if (command == "replay") return swipebench::replay::run_replay(argc - 1, argv + 1);
  if (command == "--help" || command == "-h") {
    std::fputs(kUsage, stdout);
    return swipebench::kExitOk;
  }
  if (command == "--version") {
    std::printf("swipebench %s\n", swipecdn::kVersion);
    return swipebench::kExitOk;
  }
  std::fputs(kUsage, stderr);
  if (command.empty()) return swipebench::usage_error("swipebench", "a command is required");
  return swipebench::usage_error("swipebench", "unknown command '" + std::string(command) + "'");
}
