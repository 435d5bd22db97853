// controld's configuration: a full file, flags over it, and errors that name the key or flag.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "control/config/control_config.h"

namespace control::config {
namespace {

constexpr std::string_view kPops = R"(
origin = "http://127.0.0.1:8080"
redis = "redis://127.0.0.1:6390"
admin_secret = "a-secret-of-some-length"
interval = "2s"
held_ttl = "5m"
horizon = "12s"

[planner]
start_renditions = ["360p"]
max_segments = 3
min_value = 0.05
startup_segments = 2
later_segment_weight = 0.5
[planner.bits_per_second]
"360p" = 800000

[[pop]]
name = "eu-west"
regions = ["eu", "uk"]
edges = ["http://127.0.0.1:8081", "http://127.0.0.1:8082"]
budget_bytes = "64M"
budget_objects = 500

[[pop]]
name = "us-east"
regions = ["us"]
edges = ["http://127.0.0.1:9081"]
budget_bytes = 1048576
budget_objects = 100
)";

class ConfigTest : public ::testing::Test {
 protected:
  std::string write(std::string_view text) {
    std::ofstream(path_) << text;
    return path_.string();
  }
  std::expected<ControlConfig, std::string> build(std::string_view text,
                                                  std::vector<const char*> flags = {}) {
    const std::string file = write(text);
    std::vector<const char*> argv = {"controld", "--pops", file.c_str()};
    argv.insert(argv.end(), flags.begin(), flags.end());
    auto invocation = parse_flags(static_cast<int>(argv.size()), argv.data());
    if (!invocation) return std::unexpected(invocation.error());
    return build_config(*invocation);
  }
  // The file's text with `from` replaced by `to`.
  static std::string with(std::string_view from, std::string_view to) {
    std::string text(kPops);
    text.replace(text.find(from), from.size(), to);
    return text;
  }

  std::filesystem::path path_ =
      std::filesystem::temp_directory_path() / ("controld-" + std::to_string(::getpid()) + ".toml");
  ~ConfigTest() override { std::filesystem::remove(path_); }
};

TEST_F(ConfigTest, ReadsEveryPartOfTheFile) {
  auto config = build(kPops);
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->origin, "http://127.0.0.1:8080");
  EXPECT_EQ(config->redis.port, 6390);
  EXPECT_EQ(config->interval, std::chrono::seconds(2));
  EXPECT_EQ(config->leader_ttl, std::chrono::seconds(3));  // 1.5 intervals
  EXPECT_EQ(config->held_ttl, std::chrono::minutes(5));
  EXPECT_EQ(config->horizon, std::chrono::seconds(12));
  EXPECT_EQ(config->planner.max_segments, 3);
  EXPECT_EQ(config->planner.startup_segments, 2);
  EXPECT_EQ(config->planner.later_segment_weight, 0.5);
  EXPECT_EQ(config->planner.bits_per_second.at("360p"), 800'000u);
  ASSERT_EQ(config->pops.size(), 2u);
  EXPECT_EQ(config->pops[0].regions, (std::vector<std::string>{"eu", "uk"}));
  EXPECT_EQ(config->pops[0].budget.bytes, 64u << 20);
  EXPECT_EQ(config->pops[1].budget.objects, 100u);
  EXPECT_EQ(config->find_pop("us-east"), &config->pops[1]);
  EXPECT_FALSE(config->id.empty());
}

TEST_F(ConfigTest, FlagsWinOverTheFile) {
  auto config =
      build(kPops, {"--interval", "500ms", "--admin-secret", "another-long-secret", "--id", "r1"});
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->interval, std::chrono::milliseconds(500));
  EXPECT_EQ(config->admin_secret, "another-long-secret");
  EXPECT_EQ(config->id, "r1");
}

TEST_F(ConfigTest, ErrorsNameTheKeyAndValue) {
  const std::pair<std::string, std::string> cases[] = {
      {with("\"64M\"", "\"64X\""), "pop[0].budget_bytes = \"64X\": not a size"},
      {with("interval = \"2s\"", "interval = \"soon\""), "interval = \"soon\": not a duration"},
      {with("held_ttl", "hold_ttl"), "hold_ttl = \"5m\": unknown key"},
      {with("name = \"us-east\"", "name = \"eu-west\""), "pop[1].name = \"eu-west\": given twice"},
      {with("\"http://127.0.0.1:9081\"", "\"edge.example:80\""),
       "pop[1].edges = \"edge.example:80\""},
      {with("regions = [\"us\"]", "regions = []"), "pop[1].regions: no region"},
      {with("max_segments = 3", "max_segments = 40"), "planner.max_segments = \"40\""},
      {with("name = \"us-east\"", "name = \"" + std::string(33, 'p') + "\""),
       "pop[1].name = \"" + std::string(33, 'p') + "\": longer than 32 characters"},
      {with("later_segment_weight = 0.5", "later_segment_weight = 2"),
       "planner.later_segment_weight = \"2\""},
      {with("budget_objects = 100", "budget_object = 100"),
       "pop[1].budget_object = \"100\": unknown key"},
      {with("a-secret-of-some-length", "short"), "admin_secret: shorter than 16 characters"},
      {"origin = [", "controld-"},
      {"listen = \"localhost:8090\"\n" + std::string(kPops),
       "listen = \"localhost:8090\": bad listen address"},
  };
  for (const auto& [text, expected] : cases) {
    auto config = build(text);
    ASSERT_FALSE(config) << expected;
    EXPECT_NE(config.error().find(expected), std::string::npos) << config.error();
  }
}

TEST_F(ConfigTest, BadFlagsAreNamed) {
  auto config = build(kPops, {"--interval", "5x"});
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error(), "--interval = \"5x\": not a duration (500ms, 5s, 2m, 1h)");
  const char* unknown[] = {"controld", "--bogus"};
  EXPECT_FALSE(parse_flags(2, unknown));
  const char* missing[] = {"controld"};
  auto invocation = parse_flags(1, missing);
  ASSERT_TRUE(invocation);
  EXPECT_EQ(build_config(*invocation).error(), "--pops: missing (the PoPs' TOML file)");
  config = build(with("origin = \"http://127.0.0.1:8080\"", ""));
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().find("--origin: missing"), std::string::npos);
}

TEST_F(ConfigTest, TheDeployedExampleIsValid) {
  const auto example =
      std::filesystem::path(__FILE__).parent_path() / "../../../deploy/controld.toml";
  const std::string file = example.string();
  const char* argv[] = {"controld", "--pops", file.c_str(), "--held-ttl", "1m"};
  auto invocation = parse_flags(5, argv);
  ASSERT_TRUE(invocation) << invocation.error();
  auto config = build_config(*invocation);
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->pops.size(), 2u);
  EXPECT_EQ(config->held_ttl, std::chrono::minutes(1));
  EXPECT_EQ(config->leader_ttl, std::chrono::milliseconds(7'500));
}

TEST_F(ConfigTest, HelpAndVersionArePrinted) {
  const char* help[] = {"controld", "--help"};
  auto invocation = parse_flags(2, help);
  ASSERT_TRUE(invocation);
  EXPECT_EQ(invocation->action, Invocation::Action::kPrintHelp);
  EXPECT_NE(invocation->text.find("--pops"), std::string::npos);
  const char* version[] = {"controld", "--version"};
  EXPECT_EQ(parse_flags(2, version)->action, Invocation::Action::kPrintVersion);
}

TEST_F(ConfigTest, CheckConfigBuildsTheSameConfiguration) {
  const std::string file = write(kPops);
  const char* argv[] = {"controld",   "--check-config", "--pops",
                        file.c_str(), "--listen",       "[::1]:0"};
  auto invocation = parse_flags(6, argv);
  ASSERT_TRUE(invocation) << invocation.error();
  EXPECT_EQ(invocation->action, Invocation::Action::kCheckConfig);
  auto config = build_config(*invocation);
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->listen, "[::1]:0");
  const char* bad[] = {"controld", "--check-config", "--pops", file.c_str(), "--listen", "8090"};
  invocation = parse_flags(6, bad);
  ASSERT_TRUE(invocation);
  EXPECT_EQ(build_config(*invocation).error(),
            "--listen = \"8090\": bad listen address '8090' (want IPv4 a.b.c.d:port or "
            "[IPv6]:port)");
}

}  // namespace
}  // namespace control::config
