// SNI: the certificate whose names match the requested host is presented, the first one
// otherwise; RSA and ECDSA certificates side by side; a chain is sent after its leaf.
#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <string>

#include "core/tls/tls_context.h"
#include "tests/unit/core/tls/test_certificates.h"
#include "tests/unit/core/tls/tls_handshake.h"

namespace core::tls {
namespace {

class TlsSni : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto& certs = test::standard_certificates();
    auto loaded = TlsContext::load({certs.edge, certs.pop, certs.cn_only}, TlsOptions{});
    ASSERT_TRUE(loaded.has_value()) << loaded.error();
    context_ = *loaded;
  }

  // The common name of the certificate the client was shown for server_name, or why not.
  std::string presented(const test::ClientOptions& options) const {
    const auto result = test::handshake(*context_, options);
    if (!result.ok()) return "<handshake failed>";
    return test::peer_common_name(result.client.get());
  }

  std::string presented(std::string server_name) const {
    return presented(test::ClientOptions{.server_name = std::move(server_name)});
  }

  std::shared_ptr<const TlsContext> context_;
};

TEST_F(TlsSni, ExactNameGetsItsCertificate) {
  EXPECT_EQ(presented("edge.test"), "edge.test");
  EXPECT_EQ(presented("www.edge.test"), "edge.test");
  EXPECT_EQ(presented("cn-only.test"), "cn-only.test");
}

TEST_F(TlsSni, WildcardCertificateForOneLabel) {
  EXPECT_EQ(presented("a.pop.test"), "*.pop.test");
  EXPECT_EQ(presented("Seg-42.POP.Test"), "*.pop.test");
  EXPECT_EQ(presented("a.b.pop.test"), "edge.test");
  EXPECT_EQ(presented("pop.test"), "edge.test");
}

TEST_F(TlsSni, UnknownOrMissingNameGetsDefault) {
  EXPECT_EQ(presented("unknown.test"), "edge.test");
  EXPECT_EQ(presented(""), "edge.test");
}

TEST_F(TlsSni, KeyTypesFollowTheCertificate) {
  for (const int max_version : {TLS1_2_VERSION, TLS1_3_VERSION}) {
    const auto rsa =
        test::handshake(*context_, {.server_name = "edge.test", .max_version = max_version});
    ASSERT_TRUE(rsa.ok());
    const X509Handle rsa_cert(SSL_get1_peer_certificate(rsa.client.get()));
    EXPECT_EQ(EVP_PKEY_get_base_id(X509_get0_pubkey(rsa_cert.get())), EVP_PKEY_RSA);

    const auto ec =
        test::handshake(*context_, {.server_name = "x.pop.test", .max_version = max_version});
    ASSERT_TRUE(ec.ok());
    const X509Handle ec_cert(SSL_get1_peer_certificate(ec.client.get()));
    EXPECT_EQ(EVP_PKEY_get_base_id(X509_get0_pubkey(ec_cert.get())), EVP_PKEY_EC);
  }
}

TEST_F(TlsSni, SecondClientHelloAfterHelloRetryRequest) {
  // The client's first key share (X448) is not one the server accepts, so the server asks for
  // another: the ClientHello, and the SNI callback, run twice on a switched SSL.
  const auto result =
      test::handshake(*context_, {.server_name = "retry.pop.test", .groups = "X448:X25519"});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(SSL_get_negotiated_group(result.server.get()), NID_X25519);
  EXPECT_EQ(test::peer_common_name(result.client.get()), "*.pop.test");
}

TEST(TlsSniSingle, OneCertificateAnswersEveryName) {
  auto loaded = TlsContext::load({test::standard_certificates().pop}, TlsOptions{});
  ASSERT_TRUE(loaded.has_value()) << loaded.error();
  for (const char* name : {"a.pop.test", "edge.test", ""}) {
    const auto result = test::handshake(**loaded, {.server_name = name});
    ASSERT_TRUE(result.ok()) << name;
    EXPECT_EQ(test::peer_common_name(result.client.get()), "*.pop.test") << name;
  }
}

TEST(TlsSniChain, ChainFollowsTheLeaf) {
  test::TempDir dir;
  auto ca = test::make_credential({"Test Root", {}, test::KeyType::kEcdsa});
  ASSERT_TRUE(ca.has_value()) << ca.error();
  auto leaf =
      test::make_credential({"chained.test", {"chained.test"}, test::KeyType::kEcdsa}, &*ca);
  ASSERT_TRUE(leaf.has_value()) << leaf.error();
  auto files = test::write_credential(dir.path(), "chained", *leaf, {&*ca});
  ASSERT_TRUE(files.has_value()) << files.error();
  auto loaded = TlsContext::load({test::standard_certificates().edge, *files}, TlsOptions{});
  ASSERT_TRUE(loaded.has_value()) << loaded.error();

  const auto result = test::handshake(**loaded, {.server_name = "chained.test"});
  ASSERT_TRUE(result.ok());
  const STACK_OF(X509)* chain = SSL_get_peer_cert_chain(result.client.get());
  ASSERT_NE(chain, nullptr);
  ASSERT_EQ(sk_X509_num(chain), 2);
  EXPECT_EQ(X509_cmp(sk_X509_value(chain, 1), ca->cert.get()), 0);
  EXPECT_EQ(test::peer_common_name(result.client.get()), "chained.test");
}

}  // namespace
}  // namespace core::tls
