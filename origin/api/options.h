// origind's command line (and the TOML file --config names, whose keys are the long flag
// names): `origind [run flags]` serves, `origind ingest FILE` adds one clip synchronously.
// A flag given on the command line wins over the file. `--check-config` parses and validates
// exactly as a start would, then stops before touching the data directory, Redis or a socket.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <string>
#include <vector>

#include "core/log/logger.h"
#include "origin/api/api_config.h"
#include "origin/api/job_runner.h"
#include "origin/feed/feed_config.h"

namespace origin::api {

struct Options {
  enum class Action : uint8_t { kServe, kIngest, kPrintText, kCheckConfig };
  Action action = Action::kServe;
  std::string text;  // kPrintText: help or version, for stdout

  std::string listen = "127.0.0.1:8080";
  std::string data_dir;
  int workers = 2;  // HTTP worker threads
  std::string port_file;
  std::string log_file;  // empty: stderr
  core::log::Level log_level = core::log::Level::kInfo;
  int64_t creator_quota_bytes = int64_t{10} << 30;
  std::chrono::milliseconds shutdown_timeout{10'000};
  ApiConfig api;
  RunnerConfig runner;
  feed::FeedConfig feed;

  // ingest
  std::string input;
  std::string title;
  std::string creator = "operator";
  std::vector<std::string> hashtags;
};

struct OptionsError {
  std::string message;  // names the flag or key
};

std::expected<Options, OptionsError> parse_options(int argc, const char* const* argv);

}  // namespace origin::api
