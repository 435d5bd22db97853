// Protocol versions and TLS 1.2 cipher suites: 1.3 and 1.2 accepted, 1.1 refused by the
// server, only ECDHE with AEAD for 1.2, the server's order unless the client prefers ChaCha20,
// and no renegotiation.
#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <string>

#include "core/tls/tls_context.h"
#include "tests/unit/core/tls/test_certificates.h"
#include "tests/unit/core/tls/tls_handshake.h"

namespace core::tls {
namespace {

class TlsProtocolVersions : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto& certs = test::standard_certificates();
    auto loaded = TlsContext::load({certs.edge, certs.pop}, TlsOptions{});
    ASSERT_TRUE(loaded.has_value()) << loaded.error();
    context_ = *loaded;
  }

  static std::string cipher(const test::Handshake& result) {
    return SSL_get_cipher_name(result.server.get());
  }

  std::shared_ptr<const TlsContext> context_;
};

TEST_F(TlsProtocolVersions, Tls13ByDefault) {
  const auto result = test::handshake(*context_, {.server_name = "edge.test"});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(SSL_version(result.server.get()), TLS1_3_VERSION);
  EXPECT_EQ(SSL_version(result.client.get()), TLS1_3_VERSION);
}

TEST_F(TlsProtocolVersions, Tls12ClientWithEcdheAead) {
  const auto result =
      test::handshake(*context_, {.server_name = "edge.test", .max_version = TLS1_2_VERSION});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(SSL_version(result.server.get()), TLS1_2_VERSION);
  EXPECT_EQ(cipher(result), "ECDHE-RSA-AES128-GCM-SHA256");
}

TEST_F(TlsProtocolVersions, Tls12EcdsaCertificateUsesEcdsaSuite) {
  const auto result =
      test::handshake(*context_, {.server_name = "a.pop.test", .max_version = TLS1_2_VERSION});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(cipher(result), "ECDHE-ECDSA-AES128-GCM-SHA256");
}

TEST_F(TlsProtocolVersions, Tls11ClientRefusedByServer) {
  const auto result = test::handshake(*context_, {.server_name = "edge.test",
                                                  .min_version = TLS1_1_VERSION,
                                                  .max_version = TLS1_1_VERSION,
                                                  .legacy_security = true});
  EXPECT_FALSE(result.client_done);
  EXPECT_FALSE(result.server_done);
  // The refusal is the server's, not a client that could not even build its hello.
  EXPECT_EQ(ERR_GET_REASON(result.server_error), SSL_R_UNSUPPORTED_PROTOCOL);
}

TEST_F(TlsProtocolVersions, Tls12WithoutEcdheOrAeadRefused) {
  for (const char* ciphers : {"AES128-GCM-SHA256", "ECDHE-RSA-AES128-SHA", "AES256-SHA256"}) {
    const auto result = test::handshake(
        *context_,
        {.server_name = "edge.test", .max_version = TLS1_2_VERSION, .tls12_ciphers = ciphers});
    EXPECT_FALSE(result.ok()) << ciphers;
    EXPECT_EQ(ERR_GET_REASON(result.server_error), SSL_R_NO_SHARED_CIPHER) << ciphers;
  }
}

TEST_F(TlsProtocolVersions, ServerOrderUnlessClientPrefersChacha) {
  const auto aes = test::handshake(
      *context_, {.server_name = "edge.test",
                  .max_version = TLS1_2_VERSION,
                  .tls12_ciphers = "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256"});
  ASSERT_TRUE(aes.ok());
  EXPECT_EQ(cipher(aes), "ECDHE-RSA-AES128-GCM-SHA256");

  const auto chacha = test::handshake(
      *context_, {.server_name = "edge.test",
                  .max_version = TLS1_2_VERSION,
                  .tls12_ciphers = "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256"});
  ASSERT_TRUE(chacha.ok());
  EXPECT_EQ(cipher(chacha), "ECDHE-RSA-CHACHA20-POLY1305");
}

TEST_F(TlsProtocolVersions, ClientRenegotiationRefused) {
  auto result =
      test::handshake(*context_, {.server_name = "edge.test", .max_version = TLS1_2_VERSION});
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(SSL_renegotiate(result.client.get()), 1);
  // The client sends its new hello; the server, reading, must not start a handshake.
  ERR_clear_error();
  SSL_do_handshake(result.client.get());
  char byte = 0;
  EXPECT_LE(SSL_read(result.server.get(), &byte, 1), 0);
  ERR_clear_error();
  EXPECT_FALSE(SSL_in_init(result.server.get()));
  SSL_do_handshake(result.client.get());
  ERR_clear_error();
  EXPECT_EQ(SSL_renegotiate_pending(result.client.get()), 1);  // never completed
}

}  // namespace
}  // namespace core::tls
