// The TOML file: every section, flags over the file, bad values and unknown keys named.
#include <gtest/gtest.h>

#include "config_test_util.h"
#include "edge/config/settings.h"

namespace edge::config {
namespace {

using std::chrono::milliseconds;
using testing::load;
using testing::TempDir;

constexpr const char* kFullFile = R"(
pop = "ams1"

[server]
listen = ["127.0.0.1:0", "[::1]:0"]
workers = 2
name = "edge-test"
port_file = "ports"
shutdown_timeout = "4s"
header_read_timeout = "3s"
body_read_timeout = "20s"
idle_timeout = "1m"
write_timeout = "15s"
max_request_line = "2K"
max_header_bytes = 16384
max_headers = 64
max_request_body = "1M"
max_connections = 2000

[http2]
max_concurrent_streams = 100
header_table_size = "4K"
max_resets_per_window = 50
max_control_frames_per_window = 500
max_empty_frames_per_window = 400
abuse_window = "5s"

[tls]
listen = ["127.0.0.1:0"]
handshake_timeout = "5s"
[[tls.certificates]]
cert = "default.pem"
key = "default.key"
[[tls.certificates]]
cert = "other.pem"
key = "other.key"

[origin]
urls = ["http://127.0.0.1:8080", "http://127.0.0.3:8080"]
connect_timeout = "1s"
read_timeout = "5s"
pool_size = 16
retries = 1
retry_backoff = "20ms"
max_retry_backoff = "400ms"
failures_before_down = 4
down_time = "3s"

[cache]
dir = "/var/cache/edged"
size = "20G"
memory_size = "1G"
heuristic_max_age = "2s"
negative_ttl = "5s"
max_object_size = "32M"
query_keys = ["lang"]
vary_headers = ["accept-encoding"]
memory_first_segments = 3

[prewarm]
concurrency = 2
rate = "8M"
burst = "1M"
queue = 500
pause_at_viewer_misses = 3
hints_per_second = 5
cmcd = 0
cmcd_min_buffer = "3s"

[log]
file = "edged.log"
level = "warn"
access_file = "access.log"

[admin]
secret = "a-secret-of-enough-length"

[geo]
db = "GeoLite2-Country.mmdb"
reload_interval = "30s"
policy = "steer"
steering_ttl = "5s"
health_interval = "1s"
health_failures = 3
steering_min_throughput = 800000
[[geo.region]]
name = "eu"
countries = ["NL", "DE"]
continents = ["EU"]
[[geo.region]]
name = "us"
countries = ["US"]
[[geo.pop]]
name = "ams1"
regions = ["eu"]
url = "https://ams1.example"
[[geo.pop]]
name = "iad1"
regions = ["us"]
url = "https://iad1.example"
health_url = "http://10.0.3.1:8081"

[proxy]
prefixes = ["/v/", "/live/"]
trusted_proxies = ["10.0.0.0/8"]
)";

TEST(EdgeConfigFile, FullFile) {
  TempDir dir;
  std::string file = dir.write("edged.toml", kFullFile);
  auto config = load({"--config", file});
  ASSERT_TRUE(config.has_value()) << config.error().message();
  EXPECT_EQ(config->pop, "ams1");
  EXPECT_EQ(config->listen, (std::vector<std::string>{"127.0.0.1:0", "[::1]:0"}));
  EXPECT_EQ(config->workers, 2);
  EXPECT_EQ(config->server_name, "edge-test");
  EXPECT_EQ(config->port_file, "ports");
  EXPECT_EQ(config->shutdown_timeout, milliseconds(4000));
  EXPECT_EQ(config->timeouts.header_read, milliseconds(3000));
  EXPECT_EQ(config->timeouts.body_read, milliseconds(20'000));
  EXPECT_EQ(config->timeouts.idle, milliseconds(60'000));
  EXPECT_EQ(config->timeouts.write, milliseconds(15'000));
  EXPECT_EQ(config->timeouts.tls_handshake, milliseconds(5000));
  EXPECT_EQ(config->limits.max_request_line, 2048u);
  EXPECT_EQ(config->limits.max_header_bytes, 16384u);
  EXPECT_EQ(config->limits.max_headers, 64u);
  EXPECT_EQ(config->limits.max_request_body, 1u << 20);
  EXPECT_EQ(config->limits.max_connections_per_worker, 2000u);
  EXPECT_EQ(config->limits.max_concurrent_streams, 100u);
  EXPECT_EQ(config->limits.header_table_size, 4096u);
  EXPECT_EQ(config->limits.max_resets_per_window, 50u);
  EXPECT_EQ(config->limits.max_control_frames_per_window, 500u);
  EXPECT_EQ(config->limits.max_empty_frames_per_window, 400u);
  EXPECT_EQ(config->limits.abuse_window, milliseconds(5000));
  EXPECT_EQ(config->tls.listen, std::vector<std::string>{"127.0.0.1:0"});
  ASSERT_EQ(config->tls.certificates.size(), 2u);
  EXPECT_EQ(config->tls.certificates[0].cert_file, "default.pem");
  EXPECT_EQ(config->tls.certificates[0].key_file, "default.key");
  EXPECT_EQ(config->tls.certificates[1].cert_file, "other.pem");
  EXPECT_EQ(config->origin.urls.size(), 2u);
  EXPECT_EQ(config->origin.client.connect_timeout, milliseconds(1000));
  EXPECT_EQ(config->origin.client.read_timeout, milliseconds(5000));
  EXPECT_EQ(config->origin.client.max_idle_connections, 16u);
  EXPECT_EQ(config->origin.retries, 1);
  EXPECT_EQ(config->origin.retry_backoff, milliseconds(20));
  EXPECT_EQ(config->origin.max_retry_backoff, milliseconds(400));
  EXPECT_EQ(config->origin.failures_before_down, 4);
  EXPECT_EQ(config->origin.down_time, milliseconds(3000));
  EXPECT_EQ(config->cache.dir, "/var/cache/edged");
  EXPECT_EQ(config->cache.size_bytes, 20ull << 30);
  EXPECT_EQ(config->cache.memory_bytes, 1ull << 30);
  EXPECT_EQ(config->cache.heuristic_max_age, milliseconds(2000));
  EXPECT_EQ(config->cache.query_keys, std::vector<std::string>{"lang"});
  EXPECT_EQ(config->prewarm,
            (PrewarmSettings{2, 8ull << 20, 1ull << 20, 500, 3, 5, false, milliseconds(3000)}));
  EXPECT_EQ(config->log.file, "edged.log");
  EXPECT_EQ(config->log.level, core::log::Level::kWarn);
  EXPECT_EQ(config->log.access_file, "access.log");
  EXPECT_EQ(config->admin_secret, "a-secret-of-enough-length");
  EXPECT_EQ(config->geo.db, "GeoLite2-Country.mmdb");
  EXPECT_EQ(config->geo.reload_interval, milliseconds(30'000));
  EXPECT_EQ(config->geo.policy, "steer");
  EXPECT_EQ(config->geo.steering_ttl, milliseconds(5'000));
  EXPECT_EQ(config->geo.health_interval, milliseconds(1'000));
  EXPECT_EQ(config->geo.health_failures, 3);
  EXPECT_EQ(config->geo.steering_min_throughput, 800'000);
  ASSERT_EQ(config->geo.regions.size(), 2u);
  EXPECT_EQ(config->geo.regions[0], (GeoRegion{"eu", {"NL", "DE"}, {"EU"}}));
  EXPECT_EQ(config->geo.regions[1], (GeoRegion{"us", {"US"}, {}}));
  ASSERT_EQ(config->geo.pops.size(), 2u);
  EXPECT_EQ(config->geo.pops[0], (GeoPop{"ams1", {"eu"}, "https://ams1.example", ""}));
  EXPECT_EQ(config->geo.pops[1],
            (GeoPop{"iad1", {"us"}, "https://iad1.example", "http://10.0.3.1:8081"}));
  EXPECT_EQ(config->prefixes, (std::vector<std::string>{"/v/", "/live/"}));
  EXPECT_EQ(config->trusted_proxies, std::vector<std::string>{"10.0.0.0/8"});
  EXPECT_EQ(config->config_file, file);
  auto server = config->server_config();
  EXPECT_EQ(server.listeners.size(), 3u);
  EXPECT_EQ(server.workers, 2);
}

// Every key of the table appears in the full file above, so the file test covers them all.
TEST(EdgeConfigFile, FullFileCoversEveryKey) {
  std::string text = kFullFile;
  for (const Setting& setting : settings()) {
    std::string_view key = setting.key;
    std::string_view leaf = key.substr(key.rfind('.') + 1);
    EXPECT_NE(text.find("\n" + std::string(leaf) + " = "), std::string::npos) << key;
  }
}

TEST(EdgeConfigFile, FlagsOverrideTheFile) {
  TempDir dir;
  std::string file = dir.write("edged.toml", kFullFile);
  auto config = load({"--config", file, "--workers", "5", "--origin", "http://127.0.0.9:1",
                      "--cert", "flag.pem", "--key", "flag.key", "--log-level", "error"});
  ASSERT_TRUE(config.has_value()) << config.error().message();
  EXPECT_EQ(config->workers, 5);
  EXPECT_EQ(config->origin.urls, std::vector<std::string>{"http://127.0.0.9:1"});
  ASSERT_EQ(config->tls.certificates.size(), 1u);
  EXPECT_EQ(config->tls.certificates[0].cert_file, "flag.pem");
  EXPECT_EQ(config->log.level, core::log::Level::kError);
  EXPECT_EQ(config->pop, "ams1");  // what no flag names keeps the file's value
  EXPECT_EQ(config->cache.size_bytes, 20ull << 30);
}

struct BadKey {
  std::string toml;
  std::string where;
  std::string value;
};

TEST(EdgeConfigFile, BadValuesNameTheKey) {
  std::vector<BadKey> cases = {
      {"[server]\nworkers = 0", "server.workers", "0"},
      {"[server]\nworkers = \"two\"", "server.workers", "two"},
      {"[server]\nworkers = 1.5", "server.workers", "1.5"},
      {"[server]\nlisten = \"127.0.0.1:1\"", "server.listen", "127.0.0.1:1"},
      {"[server]\nlisten = [1]", "server.listen", "[ 1 ]"},
      {"[server]\nlisten = [\"nowhere\"]", "server.listen", "nowhere"},
      {"[server]\nidle_timeout = 30", "server.idle_timeout", "30"},
      {"[server]\nidle_timeout = \"30\"", "server.idle_timeout", "30"},
      {"[server]\nmax_request_body = -5", "server.max_request_body", "-5"},
      {"[cache]\nsize = \"10X\"", "cache.size", "10X"},
      {"[cache]\nmemory_size = true", "cache.memory_size", "true"},
      {"[log]\nlevel = \"loud\"", "log.level", "loud"},
      {"[origin]\nurls = [\"ftp://x\"]", "origin.urls", "ftp://x"},
      {"[origin]\nretries = 99", "origin.retries", "99"},
      {"[proxy]\nprefixes = [\"nope\"]", "proxy.prefixes", "nope"},
      {"[tls]\ncertificates = \"x\"", "tls.certificates", "x"},
      {"[[tls.certificates]]\ncert = \"a.pem\"", "tls.certificates[0]", ""},
      {"[[tls.certificates]]\ncert = 5\nkey = \"k\"", "tls.certificates[0].cert", "5"},
      {"pop = 7", "pop", "7"},
      {"[geo]\npolicy = \"nearest\"", "geo.policy", "nearest"},
      {"[geo]\nsteering_ttl = \"1500ms\"", "geo.steering_ttl", "1500ms"},
      {"[geo]\nregion = 5", "geo.region", "5"},
      {"[[geo.region]]\ncountries = [\"DE\"]", "geo.region[0]", ""},
      {"[[geo.region]]\nname = \"eu\"\ncountries = [\"de\"]", "geo.region[0].countries", "de"},
      {"[[geo.region]]\nname = \"eu\"\ncontinents = [\"EUR\"]", "geo.region[0].continents", "EUR"},
      {"[[geo.region]]\nname = \"e u\"", "geo.region[0].name", "e u"},
      {"[[geo.region]]\nname = \"eu\"\n[[geo.region]]\nname = \"eu\"", "geo.region[1].name", "eu"},
      {"[[geo.pop]]\nname = \"local\"", "geo.pop[0]", ""},
      {"[[geo.pop]]\nname = \"local\"\nurl = \"ftp://x\"", "geo.pop[0].url", "ftp://x"},
      {"[[geo.pop]]\nname = \"local\"\nurl = \"http://x/v/\"", "geo.pop[0].url", "http://x/v/"},
      {"[[geo.pop]]\nname = \"local\"\nurl = \"http://x\"\nregions = [\"mars\"]",
       "geo.pop[0].regions", "mars"},
      {"[[geo.pop]]\nname = \"other\"\nurl = \"http://127.0.0.1:1\"", "pop", "local"},
      {"[[geo.pop]]\nname = \"local\"\nurl = \"http://127.0.0.1:1\"\n[[geo.pop]]\nname = "
       "\"b\"\nurl = \"https://b.example\"",
       "geo.pop[1].url", "https://b.example"},
      {"[[geo.pop]]\nname = \"local\"\nurl = \"http://127.0.0.1:1\"\n[[geo.pop]]\nname = "
       "\"b\"\nurl = \"https://b.example\"\nhealth_url = \"http://b.example:80\"",
       "geo.pop[1].health_url", "http://b.example:80"},
      {"[geo]\npolicy = \"redirect\"\n[[geo.pop]]\nname = \"local\"\nurl = \"http://x\"",
       "geo.policy", "redirect"},
  };
  TempDir dir;
  for (const BadKey& test : cases) {
    SCOPED_TRACE(test.toml);
    // A valid origin section follows unless the case is about that section.
    std::string origin =
        test.toml.starts_with("[origin]") ? "" : "[origin]\nurls = [\"http://127.0.0.1:1\"]\n";
    std::string file = dir.write("bad.toml", test.toml + "\n" + origin);
    auto config = load({"--config", file});
    ASSERT_FALSE(config.has_value());
    EXPECT_EQ(config.error().where, test.where) << config.error().message();
    EXPECT_EQ(config.error().value, test.value) << config.error().message();
    EXPECT_EQ(config.error().file, file);
    EXPECT_EQ(config.error().message().rfind(file + ": " + test.where, 0), 0u)
        << config.error().message();
  }
}

// A value of the wrong kind for every key of the table, each named in the error.
TEST(EdgeConfigFile, BadValueOfEveryKeyNamesIt) {
  TempDir dir;
  for (const Setting& setting : settings()) {
    std::string bad;
    std::string shown;
    switch (setting.kind) {
      case ValueKind::kString:
        bad = shown = "5";
        break;
      case ValueKind::kStringList:
        bad = "\"not-an-array\"";
        shown = "not-an-array";
        break;
      case ValueKind::kSize:
        bad = "\"10X\"";
        shown = "10X";
        break;
      case ValueKind::kDuration:
        bad = shown = "30";
        break;
      case ValueKind::kInteger:
        bad = "\"many\"";
        shown = "many";
        break;
      case ValueKind::kLevel:
        bad = "\"loud\"";
        shown = "loud";
        break;
    }
    std::string key(setting.key);
    size_t dot = key.find('.');
    std::string toml = dot == std::string::npos ? key + " = " + bad + "\n"
                                                : "[" + key.substr(0, dot) + "]\n" +
                                                      key.substr(dot + 1) + " = " + bad + "\n";
    SCOPED_TRACE(toml);
    std::string file = dir.write("every.toml", toml);
    auto config = load({"--config", file, "--origin", "http://127.0.0.1:1"});
    ASSERT_FALSE(config.has_value());
    EXPECT_EQ(config.error().where, key) << config.error().message();
    EXPECT_EQ(config.error().value, shown) << config.error().message();
  }
}

TEST(EdgeConfigFile, UnknownKeysAreRejectedByName) {
  std::vector<std::pair<std::string, std::string>> cases = {
      {"colour = \"blue\"", "colour"},
      {"[server]\nworkerz = 2", "server.workerz"},
      {"[srever]\nworkers = 2", "srever"},
      {"[server.extra]\nx = 1", "server.extra"},
      {"[[tls.certificates]]\ncert = \"a\"\nkey = \"b\"\npassword = \"c\"",
       "tls.certificates[0].password"},
      {"[[geo.pop]]\nname = \"a\"\nurl = \"http://x\"\nhost = \"c\"", "geo.pop[0].host"},
  };
  TempDir dir;
  for (const auto& [toml, key] : cases) {
    SCOPED_TRACE(toml);
    std::string file = dir.write("unknown.toml", toml + "\n");
    auto config = load({"--config", file, "--origin", "http://127.0.0.1:1"});
    ASSERT_FALSE(config.has_value());
    EXPECT_EQ(config.error().where, key);
    EXPECT_EQ(config.error().reason, "unknown key");
  }
}

TEST(EdgeConfigFile, SyntaxErrorNamesFileAndLine) {
  TempDir dir;
  std::string file = dir.write("broken.toml", "[server]\nworkers = = 2\n");
  auto config = load({"--config", file, "--origin", "http://127.0.0.1:1"});
  ASSERT_FALSE(config.has_value());
  EXPECT_EQ(config.error().where, file);
  EXPECT_NE(config.error().reason.find("line 2"), std::string::npos) << config.error().reason;
}

TEST(EdgeConfigFile, MissingFileIsAnError) {
  auto config = load({"--config", "/nonexistent/edged.toml", "--origin", "http://127.0.0.1:1"});
  ASSERT_FALSE(config.has_value());
  EXPECT_EQ(config.error().where, "/nonexistent/edged.toml");
}

// A validation error about a value from the file names the key and the file, not a flag.
TEST(EdgeConfigFile, ValidationErrorsFromTheFileNameTheKey) {
  TempDir dir;
  std::string file = dir.write("edged.toml", "[tls]\nlisten = [\"127.0.0.1:0\"]\n");
  auto config = load({"--config", file, "--origin", "http://127.0.0.1:1"});
  ASSERT_FALSE(config.has_value());
  EXPECT_EQ(config.error().where, "tls.certificates");
  EXPECT_EQ(config.error().file, file);
}

}  // namespace
}  // namespace edge::config
