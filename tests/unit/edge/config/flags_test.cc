// Every flag lands in its field; bad values are errors naming the flag and the value.
#include <gtest/gtest.h>

#include <functional>
#include <set>

#include "config_test_util.h"
#include "edge/config/settings.h"

namespace edge::config {
namespace {

using std::chrono::milliseconds;
using testing::load;

constexpr const char* kOrigin = "http://127.0.0.1:8080";

struct FlagCase {
  std::string flag;
  std::string value;
  std::function<void(const EdgeConfig&)> check;
};

std::vector<FlagCase> flag_cases() {
  using V = std::vector<std::string>;
  return {
      {"--listen", "127.0.0.1:0, [::1]:9000",
       [](const EdgeConfig& c) {
         EXPECT_EQ(c.listen, (V{"127.0.0.1:0", "[::1]:9000"}));
       }},
      {"--workers", "3", [](const EdgeConfig& c) { EXPECT_EQ(c.workers, 3); }},
      {"--server-name", "edge-x", [](const EdgeConfig& c) { EXPECT_EQ(c.server_name, "edge-x"); }},
      {"--port-file", "ports.txt",
       [](const EdgeConfig& c) { EXPECT_EQ(c.port_file, "ports.txt"); }},
      {"--shutdown-timeout", "3s",
       [](const EdgeConfig& c) { EXPECT_EQ(c.shutdown_timeout, milliseconds(3000)); }},
      {"--header-timeout", "5s",
       [](const EdgeConfig& c) { EXPECT_EQ(c.timeouts.header_read, milliseconds(5000)); }},
      {"--body-timeout", "6s",
       [](const EdgeConfig& c) { EXPECT_EQ(c.timeouts.body_read, milliseconds(6000)); }},
      {"--idle-timeout", "2m",
       [](const EdgeConfig& c) { EXPECT_EQ(c.timeouts.idle, milliseconds(120'000)); }},
      {"--write-timeout", "500ms",
       [](const EdgeConfig& c) { EXPECT_EQ(c.timeouts.write, milliseconds(500)); }},
      {"--max-request-line", "4K",
       [](const EdgeConfig& c) { EXPECT_EQ(c.limits.max_request_line, 4096u); }},
      {"--max-header-bytes", "64K",
       [](const EdgeConfig& c) { EXPECT_EQ(c.limits.max_header_bytes, 65536u); }},
      {"--max-headers", "50", [](const EdgeConfig& c) { EXPECT_EQ(c.limits.max_headers, 50u); }},
      {"--max-request-body", "2M",
       [](const EdgeConfig& c) { EXPECT_EQ(c.limits.max_request_body, 2u << 20); }},
      {"--max-connections", "500",
       [](const EdgeConfig& c) { EXPECT_EQ(c.limits.max_connections_per_worker, 500u); }},
      {"--h2-max-concurrent-streams", "64",
       [](const EdgeConfig& c) { EXPECT_EQ(c.limits.max_concurrent_streams, 64u); }},
      {"--h2-header-table-size", "8K",
       [](const EdgeConfig& c) { EXPECT_EQ(c.limits.header_table_size, 8192u); }},
      {"--h2-max-resets", "10",
       [](const EdgeConfig& c) { EXPECT_EQ(c.limits.max_resets_per_window, 10u); }},
      {"--h2-max-control-frames", "20",
       [](const EdgeConfig& c) { EXPECT_EQ(c.limits.max_control_frames_per_window, 20u); }},
      {"--h2-max-empty-frames", "30",
       [](const EdgeConfig& c) { EXPECT_EQ(c.limits.max_empty_frames_per_window, 30u); }},
      {"--h2-abuse-window", "5s",
       [](const EdgeConfig& c) { EXPECT_EQ(c.limits.abuse_window, milliseconds(5000)); }},
      {"--tls-handshake-timeout", "9s",
       [](const EdgeConfig& c) { EXPECT_EQ(c.timeouts.tls_handshake, milliseconds(9000)); }},
      {"--origin", "http://127.0.0.2:81,http://[::1]:82/,http://localhost",
       [](const EdgeConfig& c) {
         EXPECT_EQ(c.origin.urls,
                   (V{"http://127.0.0.2:81", "http://[::1]:82/", "http://localhost"}));
       }},
      {"--origin-connect-timeout", "250ms",
       [](const EdgeConfig& c) { EXPECT_EQ(c.origin.client.connect_timeout, milliseconds(250)); }},
      {"--origin-read-timeout", "1.5s",
       [](const EdgeConfig& c) { EXPECT_EQ(c.origin.client.read_timeout, milliseconds(1500)); }},
      {"--origin-pool-size", "7",
       [](const EdgeConfig& c) { EXPECT_EQ(c.origin.client.max_idle_connections, 7u); }},
      {"--origin-retries", "0", [](const EdgeConfig& c) { EXPECT_EQ(c.origin.retries, 0); }},
      {"--origin-retry-backoff", "100ms",
       [](const EdgeConfig& c) { EXPECT_EQ(c.origin.retry_backoff, milliseconds(100)); }},
      {"--origin-max-retry-backoff", "2s",
       [](const EdgeConfig& c) { EXPECT_EQ(c.origin.max_retry_backoff, milliseconds(2000)); }},
      {"--origin-failures-before-down", "5",
       [](const EdgeConfig& c) { EXPECT_EQ(c.origin.failures_before_down, 5); }},
      {"--origin-down-time", "30s",
       [](const EdgeConfig& c) { EXPECT_EQ(c.origin.down_time, milliseconds(30'000)); }},
      {"--cache-dir", "/var/cache/edged",
       [](const EdgeConfig& c) { EXPECT_EQ(c.cache.dir, "/var/cache/edged"); }},
      {"--cache-size", "10G",
       [](const EdgeConfig& c) { EXPECT_EQ(c.cache.size_bytes, 10ull << 30); }},
      {"--memory-size", "512M",
       [](const EdgeConfig& c) { EXPECT_EQ(c.cache.memory_bytes, 512ull << 20); }},
      {"--heuristic-max-age", "3s",
       [](const EdgeConfig& c) { EXPECT_EQ(c.cache.heuristic_max_age, milliseconds(3000)); }},
      {"--negative-ttl", "30s",
       [](const EdgeConfig& c) { EXPECT_EQ(c.cache.negative_ttl, milliseconds(30'000)); }},
      {"--max-object-size", "8M",
       [](const EdgeConfig& c) { EXPECT_EQ(c.cache.max_object_bytes, 8ull << 20); }},
      {"--cache-query-keys", "lang,quality",
       [](const EdgeConfig& c) {
         EXPECT_EQ(c.cache.query_keys, (std::vector<std::string>{"lang", "quality"}));
       }},
      {"--cache-vary-headers", "accept-encoding",
       [](const EdgeConfig& c) {
         EXPECT_EQ(c.cache.vary_headers, std::vector<std::string>{"accept-encoding"});
       }},
      {"--memory-first-segments", "4",
       [](const EdgeConfig& c) { EXPECT_EQ(c.cache.memory_first_segments, 4); }},
      {"--prewarm-concurrency", "7",
       [](const EdgeConfig& c) { EXPECT_EQ(c.prewarm.concurrency, 7); }},
      {"--prewarm-rate", "2M",
       [](const EdgeConfig& c) { EXPECT_EQ(c.prewarm.rate_bytes, 2ull << 20); }},
      {"--prewarm-burst", "300K",
       [](const EdgeConfig& c) { EXPECT_EQ(c.prewarm.burst_bytes, 300ull << 10); }},
      {"--prewarm-queue", "99", [](const EdgeConfig& c) { EXPECT_EQ(c.prewarm.queue, 99); }},
      {"--prewarm-pause-at-misses", "2",
       [](const EdgeConfig& c) { EXPECT_EQ(c.prewarm.pause_at_viewer_misses, 2); }},
      {"--prewarm-hints-per-second", "3",
       [](const EdgeConfig& c) { EXPECT_EQ(c.prewarm.hints_per_second, 3); }},
      {"--prewarm-cmcd", "0", [](const EdgeConfig& c) { EXPECT_FALSE(c.prewarm.cmcd); }},
      {"--prewarm-cmcd-min-buffer", "1500ms",
       [](const EdgeConfig& c) { EXPECT_EQ(c.prewarm.cmcd_min_buffer, milliseconds(1500)); }},
      {"--log-file", "edged.log", [](const EdgeConfig& c) { EXPECT_EQ(c.log.file, "edged.log"); }},
      {"--log-level", "debug",
       [](const EdgeConfig& c) { EXPECT_EQ(c.log.level, core::log::Level::kDebug); }},
      {"--access-log", "-", [](const EdgeConfig& c) { EXPECT_EQ(c.log.access_file, "-"); }},
      {"--admin-secret", "0123456789abcdef",
       [](const EdgeConfig& c) { EXPECT_EQ(c.admin_secret, "0123456789abcdef"); }},
      {"--geo-db", "geo.mmdb", [](const EdgeConfig& c) { EXPECT_EQ(c.geo.db, "geo.mmdb"); }},
      {"--geo-reload-interval", "250ms",
       [](const EdgeConfig& c) { EXPECT_EQ(c.geo.reload_interval, milliseconds(250)); }},
      {"--steering-ttl", "3s",
       [](const EdgeConfig& c) { EXPECT_EQ(c.geo.steering_ttl, milliseconds(3'000)); }},
      {"--pop-health-interval", "500ms",
       [](const EdgeConfig& c) { EXPECT_EQ(c.geo.health_interval, milliseconds(500)); }},
      {"--pop-health-failures", "4",
       [](const EdgeConfig& c) { EXPECT_EQ(c.geo.health_failures, 4); }},
      {"--steering-min-throughput", "1500000",
       [](const EdgeConfig& c) { EXPECT_EQ(c.geo.steering_min_throughput, 1'500'000); }},
      {"--pop", "fra1", [](const EdgeConfig& c) { EXPECT_EQ(c.pop, "fra1"); }},
      {"--prefix", "/v/,/live/",
       [](const EdgeConfig& c) {
         EXPECT_EQ(c.prefixes, (V{"/v/", "/live/"}));
       }},
      {"--trusted-proxies", "10.0.0.0/8,::1,192.168.1.1",
       [](const EdgeConfig& c) {
         EXPECT_EQ(c.trusted_proxies, (V{"10.0.0.0/8", "::1", "192.168.1.1"}));
       }},
  };
}

TEST(EdgeConfigFlags, EveryFlagSetsItsField) {
  for (const FlagCase& test : flag_cases()) {
    SCOPED_TRACE(test.flag);
    std::vector<std::string> args = {test.flag, test.value};
    if (test.flag != "--origin") args.insert(args.end(), {"--origin", kOrigin});
    auto config = load(args);
    ASSERT_TRUE(config.has_value()) << config.error().message();
    test.check(*config);
  }
}

TEST(EdgeConfigFlags, EverySettingHasAFlagCase) {
  std::set<std::string> covered;
  for (const FlagCase& test : flag_cases())
    covered.insert(test.flag);
  covered.insert("--tls-listen");  // needs --cert and --key: its own test below
  covered.insert("--geo-policy");  // needs the fleet's PoPs from a file: its own test below
  for (const Setting& setting : settings()) {
    EXPECT_TRUE(covered.contains(std::string(setting.flag))) << setting.flag;
  }
}

TEST(EdgeConfigFlags, Defaults) {
  auto config = load({"--origin", kOrigin});
  ASSERT_TRUE(config.has_value()) << config.error().message();
  EXPECT_EQ(config->listen, std::vector<std::string>{"127.0.0.1:8081"});
  EXPECT_TRUE(config->tls.listen.empty());
  EXPECT_GE(config->workers, 1);
  EXPECT_EQ(config->prefixes, std::vector<std::string>{"/v/"});
  EXPECT_EQ(config->cache.size_bytes, 10ull << 30);
  EXPECT_EQ(config->log.level, core::log::Level::kInfo);
  EXPECT_TRUE(config->log.access_file.empty());
}

TEST(EdgeConfigFlags, TlsListenersWithCertificatePairs) {
  auto config = load({"--tls-listen", "0.0.0.0:8443", "--cert", "a.pem", "--key", "a.key", "--cert",
                      "b.pem", "--key", "b.key", "--origin", kOrigin});
  ASSERT_TRUE(config.has_value()) << config.error().message();
  EXPECT_EQ(config->tls.listen, std::vector<std::string>{"0.0.0.0:8443"});
  EXPECT_TRUE(config->listen.empty());  // the default listener only stands in for none at all
  ASSERT_EQ(config->tls.certificates.size(), 2u);
  EXPECT_EQ(config->tls.certificates[0].cert_file, "a.pem");
  EXPECT_EQ(config->tls.certificates[1].key_file, "b.key");
  auto server = config->server_config();
  ASSERT_EQ(server.listeners.size(), 1u);
  EXPECT_TRUE(server.listeners[0].tls);
}

TEST(EdgeConfigFlags, RepeatedListFlagsAccumulate) {
  auto config = load({"--listen", "127.0.0.1:1", "--listen", "127.0.0.1:2", "--origin", kOrigin});
  ASSERT_TRUE(config.has_value()) << config.error().message();
  EXPECT_EQ(config->listen, (std::vector<std::string>{"127.0.0.1:1", "127.0.0.1:2"}));
}

// A bad value of each kind, for every flag of that kind.
TEST(EdgeConfigFlags, BadValueOfEveryFlagNamesIt) {
  for (const Setting& setting : settings()) {
    std::string bad;
    switch (setting.kind) {
      case ValueKind::kSize:
        bad = "10X";
        break;
      case ValueKind::kDuration:
        bad = "10";
        break;
      case ValueKind::kInteger:
        bad = "many";
        break;
      case ValueKind::kLevel:
        bad = "loud";
        break;
      case ValueKind::kStringList:
        bad = "a,,b";
        break;
      case ValueKind::kString:
        continue;
    }
    SCOPED_TRACE(setting.flag);
    std::vector<std::string> args = {std::string(setting.flag), bad};
    if (setting.flag != "--origin") args.insert(args.end(), {"--origin", kOrigin});
    auto config = load(args);
    ASSERT_FALSE(config.has_value());
    EXPECT_EQ(config.error().where, setting.flag);
    EXPECT_EQ(config.error().value, bad);
    EXPECT_NE(config.error().message().find(std::string(setting.flag)), std::string::npos);
  }
}

struct BadCase {
  std::vector<std::string> args;
  std::string where;
  std::string value;
};

TEST(EdgeConfigFlags, BadMeaningsNameTheFlag) {
  std::vector<BadCase> cases = {
      {{"--workers", "0", "--origin", kOrigin}, "--workers", "0"},
      {{"--workers", "5000", "--origin", kOrigin}, "--workers", "5000"},
      {{"--max-headers", "-1", "--origin", kOrigin}, "--max-headers", "-1"},
      {{"--origin-retries", "11", "--origin", kOrigin}, "--origin-retries", "11"},
      {{"--header-timeout", "0", "--origin", kOrigin}, "--header-timeout", "0"},
      {{"--h2-header-table-size", "5G", "--origin", kOrigin}, "--h2-header-table-size", "5G"},
      {{"--listen", "localhost:80", "--origin", kOrigin}, "--listen", "localhost:80"},
      {{"--listen", "127.0.0.1:70000", "--origin", kOrigin}, "--listen", "127.0.0.1:70000"},
      {{"--listen", "127.0.0.1", "--origin", kOrigin}, "--listen", "127.0.0.1"},
      {{"--tls-listen", "1.2.3.4:x", "--cert", "c", "--key", "k", "--origin", kOrigin},
       "--tls-listen",
       "1.2.3.4:x"},
      {{"--origin", "https://secure:443"}, "--origin", "https://secure:443"},
      {{"--origin", "http://host:0"}, "--origin", "http://host:0"},
      {{"--origin", "http://host/path"}, "--origin", "http://host/path"},
      {{"--origin", "http://a b"}, "--origin", "http://a b"},
      {{"--origin", "http://origin.example:80"}, "--origin", "http://origin.example:80"},
      {{"--origin-failures-before-down", "0", "--origin", kOrigin},
       "--origin-failures-before-down",
       "0"},
      {{"--prefix", "v/", "--origin", kOrigin}, "--prefix", "v/"},
      {{"--prefix", "/v/../x/", "--origin", kOrigin}, "--prefix", "/v/../x/"},
      {{"--prefix", "/v", "--origin", kOrigin}, "--prefix", "/v"},
      {{"--trusted-proxies", "10.0.0.0/33", "--origin", kOrigin},
       "--trusted-proxies",
       "10.0.0.0/33"},
      {{"--trusted-proxies", "example.com", "--origin", kOrigin},
       "--trusted-proxies",
       "example.com"},
      {{"--admin-secret", "short", "--origin", kOrigin}, "--admin-secret", ""},
      {{"--pop", "", "--origin", kOrigin}, "--pop", ""},
      {{}, "--origin", ""},
      {{"--tls-listen", "127.0.0.1:0", "--origin", kOrigin}, "--cert", ""},
      {{"--cert", "a.pem", "--origin", kOrigin}, "--key", ""},
      {{"--workers", "1", "--workers", "2", "--origin", kOrigin}, "--workers", "1,2"},
  };
  for (const BadCase& test : cases) {
    SCOPED_TRACE(test.where + " " + test.value);
    auto config = load(test.args);
    ASSERT_FALSE(config.has_value());
    EXPECT_EQ(config.error().where, test.where) << config.error().message();
    EXPECT_EQ(config.error().value, test.value) << config.error().message();
  }
}

TEST(EdgeConfigFlags, UnknownFlagIsNamed) {
  auto config = load({"--origin", kOrigin, "--cache-sise", "10G"});
  ASSERT_FALSE(config.has_value());
  EXPECT_NE(config.error().message().find("--cache-sise"), std::string::npos)
      << config.error().message();
}

TEST(EdgeConfigFlags, MissingValueIsAnError) {
  auto config = load({"--origin", kOrigin, "--workers"});
  ASSERT_FALSE(config.has_value());
  EXPECT_NE(config.error().message().find("--workers"), std::string::npos)
      << config.error().message();
}

TEST(EdgeConfigFlags, HelpAndVersion) {
  std::vector<const char*> help = {"edged", "--help"};
  auto invocation = parse_flags(2, help.data());
  ASSERT_TRUE(invocation.has_value());
  EXPECT_EQ(invocation->action, Invocation::Action::kPrintHelp);
  for (const Setting& setting : settings()) {
    EXPECT_NE(invocation->text.find(std::string(setting.flag)), std::string::npos) << setting.flag;
  }
  std::vector<const char*> version = {"edged", "--version"};
  invocation = parse_flags(2, version.data());
  ASSERT_TRUE(invocation.has_value());
  EXPECT_EQ(invocation->action, Invocation::Action::kPrintVersion);
  EXPECT_EQ(invocation->text.rfind("edged ", 0), 0u);
}

TEST(EdgeConfigFlags, GeoPolicyOverridesTheFile) {
  testing::TempDir dir;
  std::string file = dir.write("fleet.toml", R"(
pop = "a"
[[geo.pop]]
name = "a"
url = "http://127.0.0.1:1"
[[geo.pop]]
name = "b"
url = "http://127.0.0.1:2"
)");
  auto config = load({"--config", file, "--geo-policy", "redirect", "--origin", kOrigin});
  ASSERT_TRUE(config.has_value()) << config.error().message();
  EXPECT_EQ(config->geo.policy, "redirect");
  auto bad = load({"--config", file, "--geo-policy", "nearest", "--origin", kOrigin});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().where, "--geo-policy");
  // Without PoPs to route to, any policy but local is an error.
  auto alone = load({"--geo-policy", "steer", "--origin", kOrigin});
  ASSERT_FALSE(alone.has_value());
  EXPECT_EQ(alone.error().where, "--geo-policy");
}

}  // namespace
}  // namespace edge::config
