// `swipebench replay`'s command line: every flag checked before anything starts; an error
// names the flag, and the caller exits with status 2.
#pragma once

#include <cstdint>
#include <expected>
#include <string>

#include "bench/swipebench/replay/replay_options.h"

namespace swipebench::replay {

struct ReplayInvocation {
  bool print_help = false;
  std::string help;
  ReplayOptions options;
};

std::expected<ReplayInvocation, std::string> parse_replay_flags(int argc, const char* const* argv);

}  // namespace swipebench::replay
