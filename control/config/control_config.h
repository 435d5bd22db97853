// controld's configuration: the operator's TOML file (--pops) with its PoPs, then the flags,
// which win, then validation. Every error names the flag or key and the value it had.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "core/log/logger.h"
#include "core/redis/reply.h"
#include "prefetch/planner.h"

namespace control::config {

struct PopConfig {
  std::string name;
  std::vector<std::string> regions;  // region feeds merged for the PoP
  std::vector<std::string> edges;    // each edge's admin base URL, "http://127.0.0.1:8081"
  prefetch::PopBudget budget;        // per planning round, per edge
};

struct ControlConfig {
  std::string origin;  // "http://127.0.0.1:8080"
  core::redis::Endpoint redis;
  std::string admin_secret;
  std::chrono::milliseconds interval{5'000};  // between planning rounds
  // How long the leader lock lives without renewal; the leader renews it four times an
  // interval, so a replica takes over at most leader_ttl + interval / 4 after a crash.
  // Default: 1.5 intervals.
  std::chrono::milliseconds leader_ttl{0};
  std::chrono::milliseconds held_ttl{600'000};       // how long a warmed segment counts as held
  std::chrono::milliseconds hint_ttl{60'000};        // a hint's expires_at, from its round
  std::chrono::milliseconds request_timeout{2'000};  // origin and edge requests
  int feed_count = 200;                              // videos asked of each region feed
  // What the region feeds' p is about: reaching a video within this. Beyond a few rounds a
  // warm can wait for a later round; within it, p ranks what is urgent, where a long horizon
  // would call nearly every video certain.
  std::chrono::milliseconds horizon{30'000};
  int health_failures = 3;  // consecutive failed health checks that make an edge dead
  std::string redis_prefix = "swipecdn:control:";
  std::string id;  // this replica's name in the leader lock; default "<host>-<pid>"
  std::string listen = "127.0.0.1:8090";
  std::string port_file;
  std::string log_file;
  core::log::Level log_level = core::log::Level::kInfo;
  std::string pops_file;
  prefetch::PlannerConfig planner;
  std::vector<PopConfig> pops;

  const PopConfig* find_pop(std::string_view name) const;
};

// The command line as given; values are parsed with the file's, by the same parsers.
struct Invocation {
  // kCheckConfig builds and validates the configuration as kRun does, then stops before any
  // socket, Redis connection or log file is opened.
  enum class Action : uint8_t { kRun, kPrintHelp, kPrintVersion, kCheckConfig };
  Action action = Action::kRun;
  std::string text;  // help or version text
  std::string pops_file;
  std::vector<std::pair<std::string, std::string>> flags;  // {"--interval", "5s"}, in order
};

// Parses the flags only; an unknown flag or a missing value is an error naming it.
std::expected<Invocation, std::string> parse_flags(int argc, const char* const* argv);

// Reads the --pops file, applies the flags over it and validates the result.
std::expected<ControlConfig, std::string> build_config(const Invocation& invocation);

// A PoP, region or replica name: 1-64 of [A-Za-z0-9._-].
bool is_valid_name(std::string_view name);

}  // namespace control::config
