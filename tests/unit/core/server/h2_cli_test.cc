// The HTTP/2 codec against real clients: nghttp and h2load (Debian's nghttp2-client), and curl
// over h2c prior knowledge and over TLS with ALPN h2. Skipped when a client is not installed.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "core/server/h2_metrics.h"
#include "core/server/server_metrics.h"
#include "core/tls/tls_context.h"
#include "tests/unit/core/server/h2_test_util.h"

namespace core::server {
namespace {

using h2test::TestServer;

bool installed(const std::string& tool) {
  return std::system(("command -v " + tool + " >/dev/null 2>&1").c_str()) == 0;
}

// Runs `command` under a time limit and returns its standard output.
std::string run(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(("timeout 30 " + command + " 2>/dev/null").c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[64 * 1024];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0)
    out.append(buffer, n);
  ::pclose(pipe);
  return out;
}

std::string pattern(size_t size) {
  std::string out(size, '\0');
  for (size_t i = 0; i < size; ++i)
    out[i] = h2test::pattern_byte(i);
  return out;
}

std::string base_url(uint16_t port, std::string_view scheme = "http") {
  return std::string(scheme) + "://127.0.0.1:" + std::to_string(port);
}

// A self-signed P-256 certificate for "localhost", written as PEM into a fresh directory.
class SelfSigned {
 public:
  SelfSigned() {
    dir_ = std::filesystem::temp_directory_path() /
           ("h2-cli-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter_));
    std::filesystem::create_directories(dir_);
    using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
    using Cert = std::unique_ptr<X509, decltype(&X509_free)>;
    const Key key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), &EVP_PKEY_free);
    const Cert cert(X509_new(), &X509_free);
    if (!key || !cert) return;
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) return;
    files_.cert_file = (dir_ / "cert.pem").string();
    files_.key_file = (dir_ / "key.pem").string();
    FILE* cert_out = std::fopen(files_.cert_file.c_str(), "w");
    FILE* key_out = std::fopen(files_.key_file.c_str(), "w");
    ok_ = cert_out != nullptr && key_out != nullptr && PEM_write_X509(cert_out, cert.get()) == 1 &&
          PEM_write_PrivateKey(key_out, key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1;
    if (cert_out != nullptr) std::fclose(cert_out);
    if (key_out != nullptr) std::fclose(key_out);
  }
  ~SelfSigned() { std::filesystem::remove_all(dir_); }
  bool ok() const { return ok_; }
  const tls::CertificateFiles& files() const { return files_; }

 private:
  static inline int counter_ = 0;
  std::filesystem::path dir_;
  tls::CertificateFiles files_;
  bool ok_ = false;
};

TEST(Http2Cli, NghttpPriorKnowledgeBodyArrivesWhole) {
  if (!installed("nghttp")) GTEST_SKIP() << "nghttp not installed (nghttp2-client)";
  TestServer server;
  const std::string body = run("nghttp " + base_url(server.port()) + "/body?size=300000");
  EXPECT_EQ(body.size(), 300000u);
  EXPECT_TRUE(body == pattern(300000));
  EXPECT_EQ(server.counter(families::kRequests, {"http2", "200"}), 1u);
}

TEST(Http2Cli, NghttpUpgradeFromHttp1) {
  if (!installed("nghttp")) GTEST_SKIP() << "nghttp not installed (nghttp2-client)";
  TestServer server;
  EXPECT_EQ(run("nghttp -u " + base_url(server.port()) + "/hello"), "hello");
  EXPECT_EQ(server.counter(families::kRequests, {"http2", "200"}), 1u);
}

TEST(Http2Cli, H2loadManyStreamsOnFewConnections) {
  if (!installed("h2load")) GTEST_SKIP() << "h2load not installed (nghttp2-client)";
  TestServer server;
  const std::string report = run("h2load -n 400 -c 4 -m 16 " + base_url(server.port()) + "/hello");
  EXPECT_NE(report.find("400 succeeded, 0 failed, 0 errored"), std::string::npos) << report;
  EXPECT_EQ(server.counter(families::kRequests, {"http2", "200"}), 400u);
  EXPECT_EQ(server.counter(families::kConnectionsAccepted, {"tcp"}), 4u);
}

TEST(Http2Cli, CurlPriorKnowledge) {
  if (!installed("curl")) GTEST_SKIP() << "curl not installed";
  TestServer server;
  const std::string out = run("curl -s --http2-prior-knowledge -w '\\n%{http_version}' " +
                              base_url(server.port()) + "/echo");
  EXPECT_NE(out.find("protocol: HTTP/2\n"), std::string::npos) << out;
  EXPECT_TRUE(out.ends_with("\n2")) << out;
}

TEST(Http2Cli, CurlOverTlsNegotiatesH2) {
  if (!installed("curl")) GTEST_SKIP() << "curl not installed";
  const SelfSigned certificate;
  ASSERT_TRUE(certificate.ok());
  auto tls = tls::TlsContext::load({certificate.files()}, tls::TlsOptions{});
  ASSERT_TRUE(tls.has_value()) << tls.error();
  ServerConfig config = h2test::h2_config();
  config.listeners[0].tls = true;
  config.tls = *tls;
  TestServer server(config);
  const std::string out =
      run("curl -sk --http2 -w '\\n%{http_version}' " + base_url(server.port(), "https") + "/echo");
  EXPECT_NE(out.find("protocol: HTTP/2\n"), std::string::npos) << out;
  EXPECT_NE(out.find("scheme: https\n"), std::string::npos) << out;
  EXPECT_TRUE(out.ends_with("\n2")) << out;
  if (installed("nghttp")) {
    const std::string body =
        run("nghttp " + base_url(server.port(), "https") + "/body?size=200000");
    EXPECT_TRUE(body == pattern(200000));
  }
  EXPECT_EQ(server.counter(families::kConnectionsAccepted, {"tls"}), installed("nghttp") ? 2u : 1u);
}

}  // namespace
}  // namespace core::server
