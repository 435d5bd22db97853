// deploy/edged.toml, the documented example, loads and matches the embedded defaults.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "config_test_util.h"
#include "edge/config/settings.h"

namespace edge::config {
namespace {

std::string example_path() {
  return (std::filesystem::path(__FILE__).parent_path() / "../../../../deploy/edged.toml")
      .lexically_normal()
      .string();
}

TEST(EdgeConfigExample, LoadsAndMatchesTheDefaults) {
  auto from_file = testing::load({"--config", example_path()});
  ASSERT_TRUE(from_file.has_value()) << from_file.error().message();
  auto from_flags = testing::load({"--origin", "http://127.0.0.1:8080"});
  ASSERT_TRUE(from_flags.has_value());
  const EdgeConfig& a = *from_file;
  const EdgeConfig& b = *from_flags;
  EXPECT_EQ(a.listen, b.listen);
  EXPECT_EQ(a.workers, b.workers);
  EXPECT_EQ(a.pop, b.pop);
  EXPECT_EQ(a.server_name, b.server_name);
  EXPECT_EQ(a.shutdown_timeout, b.shutdown_timeout);
  EXPECT_EQ(a.timeouts.header_read, b.timeouts.header_read);
  EXPECT_EQ(a.timeouts.body_read, b.timeouts.body_read);
  EXPECT_EQ(a.timeouts.idle, b.timeouts.idle);
  EXPECT_EQ(a.timeouts.write, b.timeouts.write);
  EXPECT_EQ(a.timeouts.tls_handshake, b.timeouts.tls_handshake);
  EXPECT_EQ(a.limits.max_request_line, b.limits.max_request_line);
  EXPECT_EQ(a.limits.max_header_bytes, b.limits.max_header_bytes);
  EXPECT_EQ(a.limits.max_headers, b.limits.max_headers);
  EXPECT_EQ(a.limits.max_request_body, b.limits.max_request_body);
  EXPECT_EQ(a.limits.max_connections_per_worker, b.limits.max_connections_per_worker);
  EXPECT_EQ(a.limits.max_concurrent_streams, b.limits.max_concurrent_streams);
  EXPECT_EQ(a.limits.header_table_size, b.limits.header_table_size);
  EXPECT_EQ(a.limits.max_resets_per_window, b.limits.max_resets_per_window);
  EXPECT_EQ(a.limits.max_control_frames_per_window, b.limits.max_control_frames_per_window);
  EXPECT_EQ(a.limits.max_empty_frames_per_window, b.limits.max_empty_frames_per_window);
  EXPECT_EQ(a.limits.abuse_window, b.limits.abuse_window);
  EXPECT_EQ(a.origin.urls, b.origin.urls);
  EXPECT_EQ(a.origin.client.connect_timeout, b.origin.client.connect_timeout);
  EXPECT_EQ(a.origin.client.read_timeout, b.origin.client.read_timeout);
  EXPECT_EQ(a.origin.client.max_idle_connections, b.origin.client.max_idle_connections);
  EXPECT_EQ(a.origin.retries, b.origin.retries);
  EXPECT_EQ(a.origin.retry_backoff, b.origin.retry_backoff);
  EXPECT_EQ(a.origin.max_retry_backoff, b.origin.max_retry_backoff);
  EXPECT_EQ(a.origin.failures_before_down, b.origin.failures_before_down);
  EXPECT_EQ(a.origin.down_time, b.origin.down_time);
  EXPECT_EQ(a.cache.dir, b.cache.dir);
  EXPECT_EQ(a.cache.size_bytes, b.cache.size_bytes);
  EXPECT_EQ(a.cache.memory_bytes, b.cache.memory_bytes);
  EXPECT_EQ(a.cache.heuristic_max_age, b.cache.heuristic_max_age);
  EXPECT_EQ(a.cache.memory_first_segments, b.cache.memory_first_segments);
  EXPECT_EQ(a.prewarm, b.prewarm);
  EXPECT_EQ(a.log.file, b.log.file);
  EXPECT_EQ(a.log.level, b.log.level);
  EXPECT_EQ(a.log.access_file, b.log.access_file);
  EXPECT_EQ(a.admin_secret, b.admin_secret);
  EXPECT_EQ(a.geo, b.geo);
  EXPECT_EQ(a.prefixes, b.prefixes);
  EXPECT_EQ(a.trusted_proxies, b.trusted_proxies);
}

// Every key of the table is written (or shown commented out) in the example.
TEST(EdgeConfigExample, DocumentsEveryKeyAndFlag) {
  std::ifstream in(example_path());
  std::stringstream text;
  text << in.rdbuf();
  std::string example = text.str();
  ASSERT_FALSE(example.empty());
  for (const Setting& setting : settings()) {
    std::string_view key = setting.key;
    std::string leaf(key.substr(key.rfind('.') + 1));
    EXPECT_NE(example.find(leaf + " = "), std::string::npos) << key;
    EXPECT_NE(example.find(std::string(setting.flag) + "\n"), std::string::npos) << setting.flag;
  }
  EXPECT_NE(example.find("[[tls.certificates]]"), std::string::npos);
}

}  // namespace
}  // namespace edge::config
