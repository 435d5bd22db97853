// CLI11's exceptions end here: nothing past run_command throws for a command-line reason.
// GCC 12 reports a false null dereference inside CLI11's inline string splitting.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <CLI/CLI.hpp>
#pragma GCC diagnostic pop

#include <cstdio>

#include "bench/swipebench/command_line.h"
#include "swipecdn/version.h"

namespace swipebench {

int usage_error(const std::string& command, const std::string& message) {
  std::fprintf(stderr, "%s: %s\n", command.c_str(), message.c_str());
  return kExitUsage;
}

int failure(const std::string& command, const std::string& message) {
  std::fprintf(stderr, "%s: %s\n", command.c_str(), message.c_str());
  return kExitFailure;
}

int run_command(CLI::App& app, const std::string& command, int argc, char** argv,
                const std::function<int()>& body) {
  // Answers before required flags are found missing.
  app.set_version_flag("--version", command + " " + swipecdn::kVersion,
                       "print the version and exit");
  app.get_formatter()->column_width(30);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::fputs(app.help().c_str(), stdout);
    return kExitOk;
  } catch (const CLI::CallForVersion& answer) {
    std::printf("%s\n", answer.what());
    return kExitOk;
  } catch (const CLI::ParseError& error) {
    return usage_error(command, error.what());
  }
  return body();
}

}  // namespace swipebench
