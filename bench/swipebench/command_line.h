// What every swipebench subcommand does with its command line: --help and --version answer on
// stdout with status 0; a bad flag or value is named on stderr with status 2 (kExitUsage).
#pragma once

#include <functional>
#include <string>

namespace CLI {  // NOLINT(readability-identifier-naming): CLI11's own name
class App;
}

namespace swipebench {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the input could not be read or the output written
inline constexpr int kExitUsage = 2;

// Parses argv into `app` (named `command`, e.g. "swipebench gen"), then runs `body`, whose
// status is returned; `body` may call usage_error for a value CLI11 could not check.
int run_command(CLI::App& app, const std::string& command, int argc, char** argv,
                const std::function<int()>& body);

// Prints "COMMAND: MESSAGE" on stderr and answers kExitUsage.
int usage_error(const std::string& command, const std::string& message);
// Prints "COMMAND: MESSAGE" on stderr and answers kExitFailure.
int failure(const std::string& command, const std::string& message);

}  // namespace swipebench
