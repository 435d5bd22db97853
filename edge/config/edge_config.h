// edged's configuration: embedded defaults, then the TOML file (--config), then the flags,
// then validation. Loading blocks (it reads files): main calls it off the event loops and
// hands the result to the workers as an immutable snapshot.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "core/client/origin_client.h"
#include "core/log/logger.h"
#include "core/server/server.h"
#include "core/tls/tls_context.h"

namespace edge::config {

struct TlsSettings {
  std::vector<std::string> listen;                        // "0.0.0.0:8443"
  std::vector<core::tls::CertificateFiles> certificates;  // the first is the SNI default
};

struct OriginSettings {
  std::vector<std::string> urls;       // "http://127.0.0.1:8080"
  core::client::OriginOptions client;  // timeouts, pool size (max_idle_connections)
  int retries = 2;                     // idempotent requests that sent nothing downstream yet
  std::chrono::milliseconds retry_backoff{50};  // doubled for each further retry
  std::chrono::milliseconds max_retry_backoff{1'000};
  int failures_before_down = 3;                 // consecutive connect failures/timeouts
  std::chrono::milliseconds down_time{10'000};  // how long a down origin is skipped
  bool operator==(const OriginSettings&) const = default;
};

struct CacheSettings {
  std::string dir;                       // empty: no disk tier
  uint64_t size_bytes = 10ull << 30;     // disk tier budget
  uint64_t memory_bytes = 512ull << 20;  // memory tier budget
  // Bound of the heuristic lifetime (RFC 9111 4.2.2) of responses without explicit freshness.
  std::chrono::milliseconds heuristic_max_age{10'000};
  std::chrono::milliseconds negative_ttl{10'000};  // 404 and 410 without explicit freshness
  uint64_t max_object_bytes = 64ull << 20;         // larger objects are not stored
  std::vector<std::string> query_keys;             // query parameters kept in cache keys
  std::vector<std::string> vary_headers;           // request headers responses may Vary on
  int memory_first_segments = 2;  // seg_0.. of a rendition kept in memory with playlists
  bool operator==(const CacheSettings&) const = default;
};

// Pre-warming: hints from the control plane (POST /_edge/prewarm) and CMCD next objects.
// Warming never slows a viewer: it runs within these caps and pauses while viewer misses fill.
struct PrewarmSettings {
  int concurrency = 4;                               // warm fetches at once
  uint64_t rate_bytes = 16ull << 20;                 // bytes per second fetched by warms
  uint64_t burst_bytes = 4ull << 20;                 // bucket size above the rate
  int queue = 20'000;                                // objects waiting at most
  int pause_at_viewer_misses = 8;                    // no new warm while this many viewer fills run
  int hints_per_second = 20;                         // accepted hints per second, bursts of as many
  bool cmcd = true;                                  // warm the object a viewer's CMCD `nor` names
  std::chrono::milliseconds cmcd_min_buffer{2'000};  // ... when its `bl` is at least this
  bool operator==(const PrewarmSettings&) const = default;
};

// Geo routing: the PoPs of the fleet, the regions they serve, and what a viewer's master
// playlist request gets when the viewer belongs to another PoP.
struct GeoRegion {
  std::string name;                     // a region of the origin's feeds, "eu"
  std::vector<std::string> countries;   // ISO 3166-1 alpha-2, matched first
  std::vector<std::string> continents;  // AF AN AS EU NA OC SA, matched when no country is
  bool operator==(const GeoRegion&) const = default;
};

struct GeoPop {
  std::string name;                  // the PoP's name, also its content steering pathway
  std::vector<std::string> regions;  // the regions whose viewers it serves
  std::string url;                   // where viewers reach it, "https://fra.example" (no path)
  // Where the other edges check its /healthz: http://IP:port (the edge resolves no names on
  // its loops). Empty: `url`, which must then be such a URL.
  std::string health_url;
  bool operator==(const GeoPop&) const = default;
};

struct GeoSettings {
  std::string db;  // MaxMind database; empty: the installed default, "off": none
  std::chrono::milliseconds reload_interval{5'000};  // how often the file is checked for a change
  std::string policy = "local";                      // local, redirect or steer
  std::chrono::milliseconds steering_ttl{10'000};    // TTL of the steering manifest
  std::chrono::milliseconds health_interval{2'000};  // peer PoPs' /healthz checks
  int health_failures = 2;              // consecutive failed checks that make a PoP down
  int64_t steering_min_throughput = 0;  // bits/s: a pathway reported slower yields to its peers
  std::vector<GeoRegion> regions;
  std::vector<GeoPop> pops;
  bool operator==(const GeoSettings&) const = default;
};

struct LogSettings {
  std::string file;  // empty or "-": stderr
  core::log::Level level = core::log::Level::kInfo;
  std::string access_file;  // empty: no access log; "-": stderr
};

struct EdgeConfig {
  std::vector<std::string> listen;  // cleartext listeners (HTTP/1.1 and h2c)
  TlsSettings tls;
  int workers = 1;  // defaults to the number of cores
  core::server::Limits limits;
  core::server::Timeouts timeouts;
  std::chrono::milliseconds shutdown_timeout{10'000};  // SIGTERM: in-flight requests' deadline
  std::string server_name = "swipecdn";
  std::string port_file;  // when set, the bound ports are written there after start
  OriginSettings origin;
  CacheSettings cache;
  PrewarmSettings prewarm;
  LogSettings log;
  std::string admin_secret;
  GeoSettings geo;
  std::string pop = "local";
  std::vector<std::string> prefixes = {"/v/"};  // served path prefixes
  std::vector<std::string> trusted_proxies;     // addresses or CIDRs allowed to set XFF
  std::string config_file;                      // the --config file, empty when none

  // The server's part, without TLS (main loads the certificates).
  core::server::ServerConfig server_config() const;
};

// A configuration error: which flag or key, the value it had, and why it is wrong.
struct ConfigError {
  std::string where;   // "--cache-size", "cache.size", or the config file for syntax errors
  std::string value;   // the offending value as given; empty when there is none
  std::string reason;  // "not a size (4096, 512K, 10M, 2G)"
  std::string file;    // the TOML file when the error is in it

  std::string message() const;  // "edged.toml: cache.size = "10X": not a size ..."
};

// A flag as given on the command line; its value is parsed when the config is built.
struct FlagValue {
  std::string flag;  // "--cache-size"
  std::string text;  // list flags given several times are joined with ','
};

// What the command line asks for.
struct Invocation {
  enum class Action : uint8_t { kRun, kPrintHelp, kPrintVersion, kCheckConfig };
  Action action = Action::kRun;
  std::string text;  // the help or version text to print for the print actions
  std::vector<FlagValue> flags;
  std::string config_file;  // --config
};

// Parses the flags only (no file is read). Unknown flags and missing values are errors.
std::expected<Invocation, ConfigError> parse_flags(int argc, const char* const* argv);

// Builds the configuration: defaults, the --config file, the flags, validation. Reads the
// file: call it at start and again on SIGHUP with the same invocation.
std::expected<EdgeConfig, ConfigError> build_config(const Invocation& invocation);

}  // namespace edge::config
