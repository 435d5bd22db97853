// TlsContext::load failures come back as values naming the file and OpenSSL's reason, and
// leave this thread's OpenSSL error queue empty.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/err.h>

#include <fstream>
#include <string>

#include "core/tls/tls_context.h"
#include "tests/unit/core/tls/test_certificates.h"

namespace core::tls {
namespace {

using ::testing::HasSubstr;

class TlsLoadErrors : public ::testing::Test {
 protected:
  // The error of loading pairs, or "<loaded>".
  static std::string error_of(const std::vector<CertificateFiles>& pairs) {
    ERR_put_error(ERR_LIB_SSL, 0, SSL_R_BAD_LENGTH, __FILE__, __LINE__);  // stale entry
    auto loaded = TlsContext::load(pairs, TlsOptions{});
    EXPECT_EQ(ERR_peek_error(), 0u) << "error queue left dirty";
    if (loaded) return "<loaded>";
    EXPECT_THAT(loaded.error(), ::testing::Not(HasSubstr("bad length")));
    return loaded.error();
  }

  std::string path(const char* name) const { return (dir_.path() / name).string(); }

  test::TempDir dir_;
};

TEST_F(TlsLoadErrors, NoCertificates) {
  EXPECT_THAT(error_of({}), HasSubstr("no TLS certificate"));
}

TEST_F(TlsLoadErrors, MissingCertificateFile) {
  const std::string missing = path("missing.crt");
  const std::string error = error_of({{missing, test::standard_certificates().edge.key_file}});
  EXPECT_THAT(error, HasSubstr(missing));
  EXPECT_THAT(error, HasSubstr("No such file"));
}

TEST_F(TlsLoadErrors, MissingKeyFile) {
  const std::string missing = path("missing.key");
  const std::string error = error_of({{test::standard_certificates().edge.cert_file, missing}});
  EXPECT_THAT(error, HasSubstr(missing));
  EXPECT_THAT(error, HasSubstr("No such file"));
}

TEST_F(TlsLoadErrors, GarbageCertificate) {
  const std::string garbage = path("garbage.crt");
  test::write_file(garbage, "this is not a certificate\n");
  const std::string error = error_of({{garbage, test::standard_certificates().edge.key_file}});
  EXPECT_THAT(error, HasSubstr(garbage));
  EXPECT_THAT(error, HasSubstr("no start line"));
}

TEST_F(TlsLoadErrors, DamagedPemBody) {
  const std::string damaged = path("damaged.crt");
  test::write_file(damaged,
                   "-----BEGIN CERTIFICATE-----\nnot*base64!\n-----END CERTIFICATE-----\n");
  const std::string error = error_of({{damaged, test::standard_certificates().edge.key_file}});
  EXPECT_THAT(error, HasSubstr(damaged));
}

TEST_F(TlsLoadErrors, GarbageKey) {
  const std::string garbage = path("garbage.key");
  test::write_file(garbage, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
  const std::string error = error_of({{test::standard_certificates().edge.cert_file, garbage}});
  EXPECT_THAT(error, HasSubstr(garbage));
}

TEST_F(TlsLoadErrors, CertificateFileHoldingAKey) {
  const auto& edge = test::standard_certificates().edge;
  const std::string error = error_of({{edge.key_file, edge.key_file}});
  EXPECT_THAT(error, HasSubstr(edge.key_file));
  EXPECT_THAT(error, HasSubstr("no PEM certificate"));
}

TEST_F(TlsLoadErrors, KeyOfAnotherCertificateSameType) {
  const auto& certs = test::standard_certificates();
  const std::string error = error_of({{certs.pop.cert_file, certs.cn_only.key_file}});
  EXPECT_THAT(error, HasSubstr(certs.cn_only.key_file));
  EXPECT_THAT(error, HasSubstr(certs.pop.cert_file));
  EXPECT_THAT(error, HasSubstr("key values mismatch"));
}

TEST_F(TlsLoadErrors, KeyOfAnotherType) {
  const auto& certs = test::standard_certificates();
  const std::string error = error_of({{certs.edge.cert_file, certs.pop.key_file}});
  EXPECT_THAT(error, HasSubstr(certs.pop.key_file));
  EXPECT_THAT(error, HasSubstr("does not match"));
}

TEST_F(TlsLoadErrors, EncryptedKeyRefusedWithoutPrompt) {
  auto credential = test::make_credential({"locked.test", {"locked.test"}, test::KeyType::kEcdsa});
  ASSERT_TRUE(credential.has_value()) << credential.error();
  auto files = test::write_credential(dir_.path(), "locked", *credential, {}, "passphrase");
  ASSERT_TRUE(files.has_value()) << files.error();
  const std::string error = error_of({*files});
  EXPECT_THAT(error, HasSubstr(files->key_file));
}

TEST_F(TlsLoadErrors, DamagedChainCertificate) {
  const auto& edge = test::standard_certificates().edge;
  auto credential = test::make_credential({"edge.test", {"edge.test"}, test::KeyType::kEcdsa});
  ASSERT_TRUE(credential.has_value()) << credential.error();
  auto files = test::write_credential(dir_.path(), "chain", *credential);
  ASSERT_TRUE(files.has_value()) << files.error();
  std::ofstream(files->cert_file, std::ios::app)
      << "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
  const std::string error = error_of({*files, edge});
  EXPECT_THAT(error, HasSubstr(files->cert_file));
  EXPECT_THAT(error, HasSubstr("chain"));
}

TEST_F(TlsLoadErrors, LaterPairFailsTheWholeLoad) {
  const auto& certs = test::standard_certificates();
  const std::string missing = path("second.crt");
  const std::string error = error_of({certs.edge, {missing, certs.pop.key_file}});
  EXPECT_THAT(error, HasSubstr(missing));
}

TEST_F(TlsLoadErrors, GoodPairsLoad) {
  const auto& certs = test::standard_certificates();
  EXPECT_EQ(error_of({certs.edge, certs.pop, certs.cn_only}), "<loaded>");
}

}  // namespace
}  // namespace core::tls
