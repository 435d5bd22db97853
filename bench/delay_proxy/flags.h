// delayproxy's command line. Every flag is checked before anything starts; an error names the
// flag and says why, and the caller exits with status 2.
#pragma once

#include <cstdint>
#include <expected>
#include <string>

#include "bench/delay_proxy/proxy_config.h"

namespace bench::delay_proxy {

struct Invocation {
  enum class Action : uint8_t { kRun, kPrintHelp, kPrintVersion };
  Action action = Action::kRun;
  std::string text;  // the help or the version, for stdout
  ProxyConfig config;
};

std::expected<Invocation, std::string> parse_flags(int argc, const char* const* argv);

}  // namespace bench::delay_proxy
