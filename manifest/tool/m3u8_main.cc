// The m3u8 command-line tool: composition root that parses the command line with CLI11 and
// runs one command. Usage errors exit with status 2, as for every binary of the project.
// CLI11 is header-only: GCC 12 inlines its vector<string> growth here and reports a
// -Wnull-dereference false positive inside libstdc++, which this file cannot change.
#pragma GCC diagnostic ignored "-Wnull-dereference"

#include <CLI/CLI.hpp>
#include <cstddef>
#include <iostream>
#include <string>

#include "manifest/tool/commands.h"
#include "swipecdn/version.h"

int main(int argc, char** argv) {
  using manifest::tool::kExitUsage;
  CLI::App app("Checks, formats and inspects HLS playlists (RFC 8216 and its second edition).",
               "m3u8");
  app.set_version_flag("--version", std::string("m3u8 (swipecdn) ") + swipecdn::kVersion);
  app.require_subcommand(1);

  std::string file;
  size_t count = 0;
  const std::string file_help = "playlist file, - for standard input";
  CLI::App* check = app.add_subcommand(
      "check", "Validate a playlist: exit 0 when valid, 1 with each violation on stderr");
  check->add_option("FILE", file, file_help)->required();
  CLI::App* fmt = app.add_subcommand("fmt", "Print the playlist in canonical form");
  fmt->add_option("FILE", file, file_help)->required();
  CLI::App* first = app.add_subcommand(
      "first-segments", "Print the objects that pre-warming fetches for the first N segments");
  first->add_option("FILE", file, file_help)->required();
  first->add_option("N", count, "number of media segments")->required();

  // CLI11 reports through exceptions; they stop here, inside the composition root.
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int status = app.exit(error);
    return status == static_cast<int>(CLI::ExitCodes::Success) ? status : kExitUsage;
  }
  if (check->parsed()) return manifest::tool::run_check(file);
  if (fmt->parsed()) return manifest::tool::run_fmt(file);
  return manifest::tool::run_first_segments(file, count);
}
