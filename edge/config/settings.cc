// The table of edged's settings: flag, TOML key, kind, range, and where the value lands.
#include "edge/config/settings.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>

#include "edge/config/units.h"

namespace edge::config {
namespace {

using std::chrono::milliseconds;

constexpr int64_t kUint32Max = std::numeric_limits<uint32_t>::max();
constexpr int64_t kInt32Max = std::numeric_limits<int32_t>::max();

const std::string& text(const Value& v) {
  return std::get<std::string>(v);
}
const std::vector<std::string>& list(const Value& v) {
  return std::get<std::vector<std::string>>(v);
}
uint64_t bytes(const Value& v) {
  return std::get<uint64_t>(v);
}
milliseconds duration(const Value& v) {
  return std::get<milliseconds>(v);
}
int64_t integer(const Value& v) {
  return std::get<int64_t>(v);
}

// Captureless lambdas convert to the table's function pointers.
constexpr std::array kSettings = {
    // [server]
    Setting{"server.listen", "--listen", ValueKind::kStringList,
            "cleartext listen addresses (HTTP/1.1 and h2c), ADDR:PORT[,...]",
            [](EdgeConfig& c, const Value& v) { c.listen = list(v); }},
    Setting{"server.workers", "--workers", ValueKind::kInteger,
            "worker threads, each with its own event loop (default: cores)",
            [](EdgeConfig& c, const Value& v) { c.workers = static_cast<int>(integer(v)); }, 1,
            1024},
    Setting{"server.name", "--server-name", ValueKind::kString,
            "Server header value (empty for none)",
            [](EdgeConfig& c, const Value& v) { c.server_name = text(v); }},
    Setting{"server.port_file", "--port-file", ValueKind::kString,
            "write the bound ports here after start (one per line, listen order)",
            [](EdgeConfig& c, const Value& v) { c.port_file = text(v); }},
    Setting{"server.shutdown_timeout", "--shutdown-timeout", ValueKind::kDuration,
            "on SIGTERM, how long in-flight requests may take",
            [](EdgeConfig& c, const Value& v) { c.shutdown_timeout = duration(v); }},
    Setting{"server.header_read_timeout", "--header-timeout", ValueKind::kDuration,
            "from a request's first byte to its complete head",
            [](EdgeConfig& c, const Value& v) { c.timeouts.header_read = duration(v); }, 1},
    Setting{"server.body_read_timeout", "--body-timeout", ValueKind::kDuration,
            "between request body bytes",
            [](EdgeConfig& c, const Value& v) { c.timeouts.body_read = duration(v); }, 1},
    Setting{"server.idle_timeout", "--idle-timeout", ValueKind::kDuration,
            "keep-alive connection without a request",
            [](EdgeConfig& c, const Value& v) { c.timeouts.idle = duration(v); }, 1},
    Setting{"server.write_timeout", "--write-timeout", ValueKind::kDuration,
            "a response making no progress (slow reader)",
            [](EdgeConfig& c, const Value& v) { c.timeouts.write = duration(v); }, 1},
    Setting{"server.max_request_line", "--max-request-line", ValueKind::kSize,
            "longest request line (414 beyond)",
            [](EdgeConfig& c, const Value& v) { c.limits.max_request_line = bytes(v); }, 64,
            1 << 20},
    Setting{"server.max_header_bytes", "--max-header-bytes", ValueKind::kSize,
            "largest request head (431 beyond)",
            [](EdgeConfig& c, const Value& v) { c.limits.max_header_bytes = bytes(v); }, 256,
            16 << 20},
    Setting{"server.max_headers", "--max-headers", ValueKind::kInteger,
            "most header fields in a request (431 beyond)",
            [](EdgeConfig& c, const Value& v) {
              c.limits.max_headers = static_cast<size_t>(integer(v));
            },
            1, 10'000},
    Setting{"server.max_request_body", "--max-request-body", ValueKind::kSize,
            "largest request body (413 beyond)",
            [](EdgeConfig& c, const Value& v) { c.limits.max_request_body = bytes(v); }, 0,
            int64_t{1} << 32},
    Setting{"server.max_connections", "--max-connections", ValueKind::kInteger,
            "open connections per worker",
            [](EdgeConfig& c, const Value& v) {
              c.limits.max_connections_per_worker = static_cast<size_t>(integer(v));
            },
            1, 10'000'000},
    // [http2]
    Setting{"http2.max_concurrent_streams", "--h2-max-concurrent-streams", ValueKind::kInteger,
            "SETTINGS_MAX_CONCURRENT_STREAMS",
            [](EdgeConfig& c, const Value& v) {
              c.limits.max_concurrent_streams = static_cast<uint32_t>(integer(v));
            },
            1, kInt32Max},
    Setting{"http2.header_table_size", "--h2-header-table-size", ValueKind::kSize,
            "HPACK dynamic table size, both directions",
            [](EdgeConfig& c, const Value& v) {
              c.limits.header_table_size = static_cast<uint32_t>(bytes(v));
            },
            0, kUint32Max},
    Setting{"http2.max_resets_per_window", "--h2-max-resets", ValueKind::kInteger,
            "stream resets per abuse window before GOAWAY (rapid reset)",
            [](EdgeConfig& c, const Value& v) {
              c.limits.max_resets_per_window = static_cast<uint32_t>(integer(v));
            },
            1, kUint32Max},
    Setting{"http2.max_control_frames_per_window", "--h2-max-control-frames", ValueKind::kInteger,
            "SETTINGS/PING/PRIORITY/WINDOW_UPDATE frames per abuse window before GOAWAY",
            [](EdgeConfig& c, const Value& v) {
              c.limits.max_control_frames_per_window = static_cast<uint32_t>(integer(v));
            },
            1, kUint32Max},
    Setting{"http2.max_empty_frames_per_window", "--h2-max-empty-frames", ValueKind::kInteger,
            "empty DATA/CONTINUATION frames per abuse window before GOAWAY",
            [](EdgeConfig& c, const Value& v) {
              c.limits.max_empty_frames_per_window = static_cast<uint32_t>(integer(v));
            },
            1, kUint32Max},
    Setting{"http2.abuse_window", "--h2-abuse-window", ValueKind::kDuration,
            "the window the HTTP/2 abuse counters cover",
            [](EdgeConfig& c, const Value& v) { c.limits.abuse_window = duration(v); }, 1},
    // [tls]
    Setting{"tls.listen", "--tls-listen", ValueKind::kStringList,
            "TLS listen addresses (h2 and http/1.1 by ALPN), ADDR:PORT[,...]",
            [](EdgeConfig& c, const Value& v) { c.tls.listen = list(v); }},
    Setting{"tls.handshake_timeout", "--tls-handshake-timeout", ValueKind::kDuration,
            "longest TLS handshake",
            [](EdgeConfig& c, const Value& v) { c.timeouts.tls_handshake = duration(v); }, 1},
    // [origin]
    Setting{"origin.urls", "--origin", ValueKind::kStringList,
            "origin base URLs, http://HOST:PORT[,...]; chosen by hash of the video id",
            [](EdgeConfig& c, const Value& v) { c.origin.urls = list(v); }},
    Setting{"origin.connect_timeout", "--origin-connect-timeout", ValueKind::kDuration,
            "connecting to an origin",
            [](EdgeConfig& c, const Value& v) { c.origin.client.connect_timeout = duration(v); },
            1},
    Setting{"origin.read_timeout", "--origin-read-timeout", ValueKind::kDuration,
            "waiting for origin response bytes",
            [](EdgeConfig& c, const Value& v) { c.origin.client.read_timeout = duration(v); }, 1},
    Setting{"origin.pool_size", "--origin-pool-size", ValueKind::kInteger,
            "idle keep-alive connections kept per origin and worker",
            [](EdgeConfig& c, const Value& v) {
              c.origin.client.max_idle_connections = static_cast<size_t>(integer(v));
            },
            0, 100'000},
    Setting{"origin.retries", "--origin-retries", ValueKind::kInteger,
            "retries of an idempotent request that sent nothing downstream yet",
            [](EdgeConfig& c, const Value& v) { c.origin.retries = static_cast<int>(integer(v)); },
            0, 10},
    Setting{"origin.retry_backoff", "--origin-retry-backoff", ValueKind::kDuration,
            "wait before the first retry, doubled for each further one",
            [](EdgeConfig& c, const Value& v) { c.origin.retry_backoff = duration(v); }},
    Setting{"origin.max_retry_backoff", "--origin-max-retry-backoff", ValueKind::kDuration,
            "the longest wait between retries",
            [](EdgeConfig& c, const Value& v) { c.origin.max_retry_backoff = duration(v); }},
    Setting{"origin.failures_before_down", "--origin-failures-before-down", ValueKind::kInteger,
            "consecutive connect failures or timeouts that mark an origin down",
            [](EdgeConfig& c, const Value& v) {
              c.origin.failures_before_down = static_cast<int>(integer(v));
            },
            1, 1000},
    Setting{"origin.down_time", "--origin-down-time", ValueKind::kDuration,
            "how long an origin marked down is skipped while another is up",
            [](EdgeConfig& c, const Value& v) { c.origin.down_time = duration(v); }, 1},
    // [cache]
    Setting{"cache.dir", "--cache-dir", ValueKind::kString, "disk cache directory",
            [](EdgeConfig& c, const Value& v) { c.cache.dir = text(v); }},
    Setting{"cache.size", "--cache-size", ValueKind::kSize, "disk cache budget (10G, 512M)",
            [](EdgeConfig& c, const Value& v) { c.cache.size_bytes = bytes(v); }},
    Setting{"cache.memory_size", "--memory-size", ValueKind::kSize, "memory tier budget",
            [](EdgeConfig& c, const Value& v) { c.cache.memory_bytes = bytes(v); }},
    Setting{"cache.heuristic_max_age", "--heuristic-max-age", ValueKind::kDuration,
            "longest heuristic freshness of responses without Cache-Control or Expires",
            [](EdgeConfig& c, const Value& v) { c.cache.heuristic_max_age = duration(v); }},
    Setting{"cache.negative_ttl", "--negative-ttl", ValueKind::kDuration,
            "freshness of 404 and 410 responses without Cache-Control",
            [](EdgeConfig& c, const Value& v) { c.cache.negative_ttl = duration(v); }},
    Setting{"cache.max_object_size", "--max-object-size", ValueKind::kSize,
            "larger responses are passed through, not stored",
            [](EdgeConfig& c, const Value& v) { c.cache.max_object_bytes = bytes(v); }},
    Setting{"cache.query_keys", "--cache-query-keys", ValueKind::kStringList,
            "query parameters kept in cache keys (others never split the cache)",
            [](EdgeConfig& c, const Value& v) { c.cache.query_keys = list(v); }},
    Setting{"cache.vary_headers", "--cache-vary-headers", ValueKind::kStringList,
            "request headers responses may Vary on (other Vary values are not stored)",
            [](EdgeConfig& c, const Value& v) { c.cache.vary_headers = list(v); }},
    Setting{"cache.memory_first_segments", "--memory-first-segments", ValueKind::kInteger,
            "first segments of each rendition kept in the memory tier",
            [](EdgeConfig& c, const Value& v) {
              c.cache.memory_first_segments = static_cast<int>(integer(v));
            },
            0, 1000},
    // [prewarm]
    Setting{
        "prewarm.concurrency", "--prewarm-concurrency", ValueKind::kInteger,
        "warm fetches running at once",
        [](EdgeConfig& c, const Value& v) { c.prewarm.concurrency = static_cast<int>(integer(v)); },
        1, 256},
    Setting{"prewarm.rate", "--prewarm-rate", ValueKind::kSize,
            "bytes per second pre-warming may fetch (16M)",
            [](EdgeConfig& c, const Value& v) { c.prewarm.rate_bytes = bytes(v); }, 1},
    Setting{"prewarm.burst", "--prewarm-burst", ValueKind::kSize,
            "bytes pre-warming may fetch at once above its rate (4M)",
            [](EdgeConfig& c, const Value& v) { c.prewarm.burst_bytes = bytes(v); }, 1},
    Setting{"prewarm.queue", "--prewarm-queue", ValueKind::kInteger,
            "objects waiting to be warmed at most; the lowest priority goes first",
            [](EdgeConfig& c, const Value& v) { c.prewarm.queue = static_cast<int>(integer(v)); },
            1, 10'000'000},
    Setting{"prewarm.pause_at_viewer_misses", "--prewarm-pause-at-misses", ValueKind::kInteger,
            "viewer misses being filled at which no new warm starts",
            [](EdgeConfig& c, const Value& v) {
              c.prewarm.pause_at_viewer_misses = static_cast<int>(integer(v));
            },
            1, 100'000},
    Setting{"prewarm.hints_per_second", "--prewarm-hints-per-second", ValueKind::kInteger,
            "signed hints accepted per second (429 beyond)",
            [](EdgeConfig& c,
               const Value& v) { c.prewarm.hints_per_second = static_cast<int>(integer(v)); },
            1, 100'000},
    Setting{"prewarm.cmcd", "--prewarm-cmcd", ValueKind::kInteger,
            "1: warm the next object a viewer's CMCD nor names; 0: ignore nor",
            [](EdgeConfig& c, const Value& v) { c.prewarm.cmcd = integer(v) != 0; }, 0, 1},
    Setting{"prewarm.cmcd_min_buffer", "--prewarm-cmcd-min-buffer", ValueKind::kDuration,
            "CMCD buffer length (bl) below which nor is not warmed",
            [](EdgeConfig& c, const Value& v) { c.prewarm.cmcd_min_buffer = duration(v); }},
    // [log]
    Setting{"log.file", "--log-file", ValueKind::kString, "JSON log file (- for stderr)",
            [](EdgeConfig& c, const Value& v) { c.log.file = text(v); }},
    Setting{"log.level", "--log-level", ValueKind::kLevel, "debug, info, warn or error",
            [](EdgeConfig& c, const Value& v) { c.log.level = std::get<core::log::Level>(v); }},
    Setting{"log.access_file", "--access-log", ValueKind::kString,
            "JSON access log file (- for stderr; none when unset)",
            [](EdgeConfig& c, const Value& v) { c.log.access_file = text(v); }},
    // [admin], [geo], [proxy] and the PoP
    Setting{"admin.secret", "--admin-secret", ValueKind::kString,
            "shared HMAC secret of signed admin requests",
            [](EdgeConfig& c, const Value& v) { c.admin_secret = text(v); }},
    Setting{"geo.db", "--geo-db", ValueKind::kString,
            "MaxMind country database (default: the installed one; off for none)",
            [](EdgeConfig& c, const Value& v) { c.geo.db = text(v); }},
    Setting{"geo.reload_interval", "--geo-reload-interval", ValueKind::kDuration,
            "how often the geo database file is checked for a new version",
            [](EdgeConfig& c, const Value& v) { c.geo.reload_interval = duration(v); }, 10},
    Setting{"geo.policy", "--geo-policy", ValueKind::kString,
            "a master playlist for another PoP's viewer: local, redirect or steer",
            [](EdgeConfig& c, const Value& v) { c.geo.policy = text(v); }},
    Setting{"geo.steering_ttl", "--steering-ttl", ValueKind::kDuration,
            "TTL of the content steering manifest (whole seconds)",
            [](EdgeConfig& c, const Value& v) { c.geo.steering_ttl = duration(v); }, 1'000,
            86'400'000},
    Setting{"geo.health_interval", "--pop-health-interval", ValueKind::kDuration,
            "time between health checks of the other PoPs",
            [](EdgeConfig& c, const Value& v) { c.geo.health_interval = duration(v); }, 50},
    Setting{
        "geo.health_failures", "--pop-health-failures", ValueKind::kInteger,
        "consecutive failed health checks that make a PoP down",
        [](EdgeConfig& c, const Value& v) { c.geo.health_failures = static_cast<int>(integer(v)); },
        1, 100},
    Setting{"geo.steering_min_throughput", "--steering-min-throughput", ValueKind::kInteger,
            "bits/s below which a player's pathway yields to an equally near PoP (0: never)",
            [](EdgeConfig& c, const Value& v) { c.geo.steering_min_throughput = integer(v); }, 0,
            kInt32Max},
    Setting{"pop", "--pop", ValueKind::kString, "name of this point of presence",
            [](EdgeConfig& c, const Value& v) { c.pop = text(v); }},
    Setting{"proxy.prefixes", "--prefix", ValueKind::kStringList,
            "served path prefixes, /v/[,/P/...]",
            [](EdgeConfig& c, const Value& v) { c.prefixes = list(v); }},
    Setting{"proxy.trusted_proxies", "--trusted-proxies", ValueKind::kStringList,
            "peers whose X-Forwarded-For is kept, IP or CIDR[,...]",
            [](EdgeConfig& c, const Value& v) { c.trusted_proxies = list(v); }},
};

std::expected<core::log::Level, std::string> parse_level(std::string_view text) {
  using core::log::Level;
  for (Level level : {Level::kDebug, Level::kInfo, Level::kWarn, Level::kError}) {
    if (text == core::log::to_string(level)) return level;
  }
  return std::unexpected("not a level (debug, info, warn, error)");
}

std::expected<int64_t, std::string> parse_integer(std::string_view text) {
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc::result_out_of_range) return std::unexpected("number too large");
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
    return std::unexpected("not an integer");
  }
  return value;
}

std::string range_text(const Setting& setting) {
  std::string out = "must be at least " + std::to_string(setting.min);
  if (setting.max != INT64_MAX) out += " and at most " + std::to_string(setting.max);
  return out;
}

}  // namespace

std::span<const Setting> settings() {
  return kSettings;
}

const Setting* find_setting_by_key(std::string_view key) {
  auto it = std::find_if(kSettings.begin(), kSettings.end(),
                         [&](const Setting& s) { return s.key == key; });
  return it == kSettings.end() ? nullptr : &*it;
}

const Setting* find_setting_by_flag(std::string_view flag) {
  auto it = std::find_if(kSettings.begin(), kSettings.end(),
                         [&](const Setting& s) { return s.flag == flag; });
  return it == kSettings.end() ? nullptr : &*it;
}

std::expected<std::vector<std::string>, std::string> split_list(std::string_view text) {
  std::vector<std::string> items;
  for (size_t start = 0;;) {
    size_t comma = std::min(text.find(',', start), text.size());
    std::string_view item = text.substr(start, comma - start);
    while (!item.empty() && item.front() == ' ')
      item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ')
      item.remove_suffix(1);
    if (item.empty()) return std::unexpected("empty list item");
    items.emplace_back(item);
    if (comma == text.size()) break;
    start = comma + 1;
  }
  return items;
}

std::expected<Value, std::string> check_range(const Setting& setting, Value value) {
  int64_t number = 0;
  if (auto* i = std::get_if<int64_t>(&value)) {
    number = *i;
  } else if (auto* b = std::get_if<uint64_t>(&value)) {
    number = *b > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(*b);
    if (*b > static_cast<uint64_t>(setting.max)) return std::unexpected(range_text(setting));
  } else if (auto* d = std::get_if<milliseconds>(&value)) {
    number = d->count();
  } else {
    return value;
  }
  if (number < setting.min || number > setting.max) return std::unexpected(range_text(setting));
  return value;
}

std::expected<Value, std::string> parse_value(const Setting& setting, std::string_view text) {
  switch (setting.kind) {
    case ValueKind::kString:
      return Value(std::string(text));
    case ValueKind::kStringList: {
      auto items = split_list(text);
      if (!items) return std::unexpected(items.error());
      return Value(std::move(*items));
    }
    case ValueKind::kSize: {
      auto n = parse_size(text);
      if (!n) return std::unexpected(n.error());
      return check_range(setting, Value(*n));
    }
    case ValueKind::kDuration: {
      auto d = parse_duration(text);
      if (!d) return std::unexpected(d.error());
      return check_range(setting, Value(*d));
    }
    case ValueKind::kInteger: {
      auto n = parse_integer(text);
      if (!n) return std::unexpected(n.error());
      return check_range(setting, Value(*n));
    }
    case ValueKind::kLevel: {
      auto level = parse_level(text);
      if (!level) return std::unexpected(level.error());
      return Value(*level);
    }
  }
  return std::unexpected("unknown kind");
}

}  // namespace edge::config
