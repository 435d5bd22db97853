// The command line: routes and the link, the defaults, help and version, and errors that name
// the flag.
#include "bench/delay_proxy/flags.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <vector>

namespace bench::delay_proxy {
namespace {

using std::chrono::microseconds;

std::expected<Invocation, std::string> parse(std::initializer_list<const char*> args) {
  std::vector<const char*> argv = {"delayproxy"};
  argv.insert(argv.end(), args);
  return parse_flags(static_cast<int>(argv.size()), argv.data());
}

TEST(Flags, RoutesAndTheLinkModel) {
  auto invocation = parse({"--route",
                           "127.0.0.1:0=127.0.0.1:8080",
                           "--route",
                           "[::1]:9000=[::1]:8081",
                           "--rtt",
                           "15ms",
                           "--rate-down",
                           "10M",
                           "--link-rate-up",
                           "500k",
                           "--buffer",
                           "256K",
                           "--max-connections",
                           "8",
                           "--connect-timeout",
                           "2s",
                           "--port-file",
                           "ports",
                           "--metrics-listen",
                           "127.0.0.1:0",
                           "--log-level",
                           "debug"});
  ASSERT_TRUE(invocation.has_value()) << invocation.error();
  const ProxyConfig& config = invocation->config;
  ASSERT_EQ(config.routes.size(), 2U);
  EXPECT_EQ(config.routes[0].listen_text, "127.0.0.1:0");
  EXPECT_EQ(config.routes[0].target_text, "127.0.0.1:8080");
  EXPECT_EQ(config.routes[1].target.storage.ss_family, AF_INET6);
  EXPECT_EQ(config.up.delay, microseconds(7'500));
  EXPECT_EQ(config.down.delay, microseconds(7'500));
  EXPECT_EQ(config.down.connection_rate, 1'250'000U);
  EXPECT_EQ(config.up.connection_rate, 0U);
  EXPECT_EQ(config.up.route_rate, 62'500U);
  EXPECT_EQ(config.buffer_bytes, 262'144U);
  EXPECT_EQ(config.max_connections, 8U);
  EXPECT_EQ(config.connect_timeout, microseconds(2'000'000));
  EXPECT_EQ(config.port_file, "ports");
  EXPECT_TRUE(config.metrics_listen.has_value());
  EXPECT_EQ(config.log_level, core::log::Level::kDebug);
}

TEST(Flags, DefaultsAndSeparateDelays) {
  auto invocation = parse({"--route", "127.0.0.1:0=127.0.0.1:1", "--delay-up", "80ms"});
  ASSERT_TRUE(invocation.has_value()) << invocation.error();
  const ProxyConfig& config = invocation->config;
  EXPECT_EQ(config.up.delay, microseconds(80'000));
  EXPECT_EQ(config.down.delay, microseconds(0));
  EXPECT_EQ(config.buffer_bytes, 1'048'576U);
  EXPECT_EQ(config.max_connections, 1024U);
  EXPECT_FALSE(config.metrics_listen.has_value());
}

TEST(Flags, TransparentRoutesComeAfterTheOthers) {
  auto invocation =
      parse({"--transparent-route", "127.0.0.1:15000", "--route", "127.0.0.1:0=127.0.0.1:8080",
             "--transparent-route", "[::1]:0", "--mark", "119"});
  ASSERT_TRUE(invocation.has_value()) << invocation.error();
  const ProxyConfig& config = invocation->config;
  ASSERT_EQ(config.routes.size(), 3U);
  EXPECT_FALSE(config.routes[0].transparent);
  EXPECT_TRUE(config.routes[1].transparent);
  EXPECT_EQ(config.routes[1].listen_text, "127.0.0.1:15000");
  EXPECT_TRUE(config.routes[1].target_text.empty());
  EXPECT_EQ(config.routes[2].listen.storage.ss_family, AF_INET6);
  EXPECT_EQ(config.mark, 119U);
  auto unmarked = parse({"--transparent-route", "127.0.0.1:0"});
  ASSERT_TRUE(unmarked.has_value()) << unmarked.error();
  EXPECT_FALSE(unmarked->config.mark.has_value());
  auto largest = parse({"--transparent-route", "127.0.0.1:0", "--mark", "4294967295"});
  ASSERT_TRUE(largest.has_value()) << largest.error();
  EXPECT_EQ(largest->config.mark, 4'294'967'295U);
}

TEST(Flags, HelpAndVersionNeedNoRoute) {
  auto help = parse({"--help"});
  ASSERT_TRUE(help.has_value());
  EXPECT_EQ(help->action, Invocation::Action::kPrintHelp);
  EXPECT_NE(help->text.find("--link-rate-down"), std::string::npos);
  EXPECT_NE(help->text.find("--transparent-route"), std::string::npos);
  auto version = parse({"--version"});
  ASSERT_TRUE(version.has_value());
  EXPECT_EQ(version->action, Invocation::Action::kPrintVersion);
  EXPECT_EQ(version->text.rfind("delayproxy ", 0), 0U);
}

TEST(Flags, ErrorsNameTheFlag) {
  const std::vector<std::pair<std::vector<const char*>, std::string>> cases = {
      {{}, "--route"},
      {{"--route", "127.0.0.1:0"}, "--route"},
      {{"--route", "127.0.0.1:0=example.com:80"}, "--route"},
      {{"--route", "127.0.0.1:0=127.0.0.1:0"}, "--route"},
      {{"--route", "127.0.0.1:0=127.0.0.1:1", "--rtt", "80"}, "--rtt"},
      {{"--route", "127.0.0.1:0=127.0.0.1:1", "--rate-up", "fast"}, "--rate-up"},
      {{"--route", "127.0.0.1:0=127.0.0.1:1", "--buffer", "0"}, "--buffer"},
      {{"--route", "127.0.0.1:0=127.0.0.1:1", "--max-connections", "0"}, "--max-connections"},
      {{"--route", "127.0.0.1:0=127.0.0.1:1", "--metrics-listen", "any"}, "--metrics-listen"},
      {{"--route", "127.0.0.1:0=127.0.0.1:1", "--log-level", "loud"}, "--log-level"},
      {{"--route", "127.0.0.1:0=127.0.0.1:1", "--rtt", "8ms", "--delay-up", "1ms"}, "--rtt"},
      {{"--route", "127.0.0.1:0=127.0.0.1:1", "--bogus"}, "--bogus"},
      {{"--mark", "1"}, "--route"},
      {{"--transparent-route", "127.0.0.1:0=127.0.0.1:1"}, "--transparent-route"},
      {{"--transparent-route", "localhost:0"}, "--transparent-route"},
      {{"--transparent-route", "127.0.0.1:0", "--mark", "0"}, "--mark"},
      {{"--transparent-route", "127.0.0.1:0", "--mark", "4294967296"}, "--mark"},
      {{"--transparent-route", "127.0.0.1:0", "--mark", "0x77"}, "--mark"},
  };
  for (const auto& [args, flag] : cases) {
    std::vector<const char*> argv = {"delayproxy"};
    argv.insert(argv.end(), args.begin(), args.end());
    auto invocation = parse_flags(static_cast<int>(argv.size()), argv.data());
    ASSERT_FALSE(invocation.has_value()) << flag;
    EXPECT_NE(invocation.error().find(flag), std::string::npos) << invocation.error();
  }
}

}  // namespace
}  // namespace bench::delay_proxy
