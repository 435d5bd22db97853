// The m3u8 command-line tool: composition root that parses the command line with CLI11 and
// runs one command. Usage errors exit with status 2, as for every binary of the project.
// CLI11 is header-only: GCC 12 inlines its vector<string> growth here and reports a
// -Wnull-dereference false positive inside libstdc++, which this file cannot change.
#pragma GCC diagnostic ignored "-Wnull-dereference"

#include <CLI/CLI.hpp>
#include <charconv>
#include <cstddef>
#include <iostream>
#include <optional>
#include <string>

#include "manifest/tool/commands.h"
#include "swipecdn/version.h"

namespace {

// CLI11 2.1 reads "-1" into a size_t as 2^64-1, so N is converted here, strictly.
std::optional<size_t> parse_count(const std::string& text) {
  size_t value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || stop != end) return std::nullopt;
  return value;
}

}  // namespace

int main(int argc, char** argv) {
  using manifest::tool::kExitUsage;
  CLI::App app("Checks, formats and inspects HLS playlists (RFC 8216 and its second edition).",
               "m3u8");
  app.set_version_flag("--version", std::string("m3u8 (swipecdn) ") + swipecdn::kVersion);
  // At most one command; a missing one is reported below, so that an unknown word is named
  // as unexpected rather than hidden behind "a subcommand is required".
  app.require_subcommand(0, 1);

  std::string file;
  std::string count_text;
  const std::string file_help = "playlist file, - for standard input";
  CLI::App* check = app.add_subcommand(
      "check", "Validate a playlist: exit 0 when valid, 1 with each violation on stderr");
  check->add_option("FILE", file, file_help)->required();
  CLI::App* fmt = app.add_subcommand("fmt", "Print the playlist in canonical form");
  fmt->add_option("FILE", file, file_help)->required();
  CLI::App* first = app.add_subcommand(
      "first-segments", "Print the objects that pre-warming fetches for the first N segments");
  first->add_option("FILE", file, file_help)->required();
  first->add_option("N", count_text, "number of media segments")->required();

  // CLI11 reports through exceptions; they stop here, inside the composition root.
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int status = app.exit(error);
    return status == static_cast<int>(CLI::ExitCodes::Success) ? status : kExitUsage;
  }
  if (check->parsed()) return manifest::tool::run_check(file);
  if (fmt->parsed()) return manifest::tool::run_fmt(file);
  if (first->parsed()) {
    const std::optional<size_t> count = parse_count(count_text);
    if (!count) {
      std::cerr << "m3u8: N: '" << count_text << "' is not a non-negative integer\n";
      return kExitUsage;
    }
    return manifest::tool::run_first_segments(file, *count);
  }
  std::cerr << "m3u8: a command is required: check, fmt or first-segments\n"
            << "Run with --help for more information.\n";
  return kExitUsage;
}
