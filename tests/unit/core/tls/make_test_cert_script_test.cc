// tests/integration/tls/make-test-cert.sh, which other tests use to get certificates, makes
// pairs that TlsContext loads and serves by SNI.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

#include "core/tls/tls_context.h"
#include "tests/unit/core/tls/test_certificates.h"
#include "tests/unit/core/tls/tls_handshake.h"

namespace core::tls {
namespace {

// The script sits at a fixed place relative to this file in the source tree.
std::filesystem::path script_path() {
  return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path().parent_path() /
         "integration" / "tls" / "make-test-cert.sh";
}

bool have_tools() {
  return system("command -v bash >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1") == 0;
}

int run_script(const std::string& name, const test::TempDir& dir, const std::string& type) {
  const std::string command = "bash '" + script_path().string() + "' '" + name + "' '" +
                              dir.path().string() + "' " + type + " >/dev/null";
  return system(command.c_str());
}

TEST(TlsMakeTestCertScript, PairsLoadAndServeByName) {
  if (!have_tools()) GTEST_SKIP() << "bash or openssl missing";
  ASSERT_TRUE(std::filesystem::exists(script_path())) << script_path();
  test::TempDir dir;
  ASSERT_EQ(run_script("edge.test", dir, "rsa"), 0);
  ASSERT_EQ(run_script("*.pop.test", dir, "ecdsa"), 0);
  const auto file = [&](const char* name) { return (dir.path() / name).string(); };
  auto loaded = TlsContext::load({{file("edge.test.crt"), file("edge.test.key")},
                                  {file("wildcard.pop.test.crt"), file("wildcard.pop.test.key")}},
                                 TlsOptions{});
  ASSERT_TRUE(loaded.has_value()) << loaded.error();
  for (const auto& [name, expected] :
       {std::pair{"edge.test", "edge.test"}, std::pair{"a.pop.test", "*.pop.test"}}) {
    const auto result = test::handshake(**loaded, {.server_name = name});
    ASSERT_TRUE(result.ok()) << name;
    EXPECT_EQ(test::peer_common_name(result.client.get()), expected);
  }
}

TEST(TlsMakeTestCertScript, RefusesBadArguments) {
  if (!have_tools()) GTEST_SKIP() << "bash or openssl missing";
  test::TempDir dir;
  EXPECT_NE(run_script("not a name", dir, "ecdsa"), 0);
  EXPECT_NE(run_script("edge.test", dir, "dsa"), 0);
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

}  // namespace
}  // namespace core::tls
