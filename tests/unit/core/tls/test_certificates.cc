// Key generation, X.509 building and PEM writing for the core::tls tests.
#include "tests/unit/core/tls/test_certificates.h"

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>
#include <stdlib.h>

#include <array>
#include <cstdint>
#include <fstream>
#include <memory>

#include "core/tls/openssl_error.h"

namespace core::tls::test {
namespace {

using X509ExtensionHandle = core::base::UniqueHandle<X509_EXTENSION, X509_EXTENSION_free>;

std::expected<void, std::string> fail(std::string_view what) {
  return std::unexpected(std::string(what) + ": " + drain_openssl_errors());
}

EvpPkeyHandle new_key(KeyType type) {
  if (type == KeyType::kRsa) return EvpPkeyHandle(EVP_RSA_gen(2048));
  return EvpPkeyHandle(EVP_EC_gen("P-256"));
}

std::expected<void, std::string> add_alt_names(X509* cert, const std::vector<std::string>& names) {
  if (names.empty()) return {};
  std::string value;
  for (const std::string& name : names) {
    if (!value.empty()) value += ',';
    value += "DNS:" + name;
  }
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  const X509ExtensionHandle extension(
      X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, value.c_str()));
  if (!extension || X509_add_ext(cert, extension.get(), -1) != 1) return fail("subjectAltName");
  return {};
}

std::expected<void, std::string> fill_certificate(X509* cert, EVP_PKEY* key,
                                                  const CertificateSpec& spec,
                                                  const Credential* issuer) {
  // Random serials: a CA and its leaf must not share one.
  uint64_t serial = 0;
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&serial), sizeof serial) != 1) {
    return fail("serial");
  }
  X509_NAME* subject = X509_get_subject_name(cert);
  const auto* cn = reinterpret_cast<const unsigned char*>(spec.common_name.c_str());
  if (X509_set_version(cert, X509_VERSION_3) != 1 ||
      ASN1_INTEGER_set_uint64(X509_get_serialNumber(cert), serial >> 1) != 1 ||
      X509_gmtime_adj(X509_getm_notBefore(cert), -3600) == nullptr ||
      X509_gmtime_adj(X509_getm_notAfter(cert), 30L * 24 * 3600) == nullptr ||
      X509_set_pubkey(cert, key) != 1 ||
      X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC, cn, -1, -1, 0) != 1) {
    return fail("certificate fields");
  }
  const X509_NAME* issuer_name = issuer ? X509_get_subject_name(issuer->cert.get()) : subject;
  if (X509_set_issuer_name(cert, issuer_name) != 1) return fail("issuer");
  return add_alt_names(cert, spec.dns_names);
}

std::expected<void, std::string> write_pem(const std::filesystem::path& path, const auto& write) {
  const BioHandle bio(BIO_new_file(path.c_str(), "w"));
  if (!bio || !write(bio.get())) return fail("writing " + path.string());
  return {};
}

}  // namespace

std::expected<Credential, std::string> make_credential(const CertificateSpec& spec,
                                                       const Credential* issuer) {
  Credential credential{new_key(spec.key_type), X509Handle(X509_new())};
  if (!credential.key || !credential.cert) return std::unexpected(fail("key").error());
  if (auto filled = fill_certificate(credential.cert.get(), credential.key.get(), spec, issuer);
      !filled) {
    return std::unexpected(filled.error());
  }
  EVP_PKEY* signer = issuer ? issuer->key.get() : credential.key.get();
  if (X509_sign(credential.cert.get(), signer, EVP_sha256()) <= 0) {
    return std::unexpected(fail("signing").error());
  }
  return credential;
}

std::expected<CertificateFiles, std::string> write_credential(
    const std::filesystem::path& dir, std::string_view stem, const Credential& credential,
    const std::vector<const Credential*>& chain, std::string_view passphrase) {
  CertificateFiles files{(dir / (std::string(stem) + ".crt")).string(),
                         (dir / (std::string(stem) + ".key")).string()};
  auto certs = write_pem(files.cert_file, [&](BIO* bio) {
    if (PEM_write_bio_X509(bio, credential.cert.get()) != 1) return false;
    for (const Credential* issuer : chain) {
      if (PEM_write_bio_X509(bio, issuer->cert.get()) != 1) return false;
    }
    return true;
  });
  if (!certs) return std::unexpected(certs.error());
  auto key = write_pem(files.key_file, [&](BIO* bio) {
    const EVP_CIPHER* cipher = passphrase.empty() ? nullptr : EVP_aes_256_cbc();
    auto* pass = reinterpret_cast<unsigned char*>(const_cast<char*>(passphrase.data()));
    return PEM_write_bio_PrivateKey(bio, credential.key.get(), cipher, pass,
                                    static_cast<int>(passphrase.size()), nullptr, nullptr) == 1;
  });
  if (!key) return std::unexpected(key.error());
  return files;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "core-tls-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp failed";
    return;
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
}

namespace {

CertificateFiles make_standard(const TempDir& dir, std::string_view stem,
                               const CertificateSpec& spec) {
  auto credential = make_credential(spec);
  if (!credential) {
    ADD_FAILURE() << "making " << stem << ": " << credential.error();
    return {};
  }
  auto files = write_credential(dir.path(), stem, *credential);
  if (!files) {
    ADD_FAILURE() << "writing " << stem << ": " << files.error();
    return {};
  }
  return *files;
}

struct StandardSet {
  TempDir dir;
  StandardCertificates certificates{
      make_standard(dir, "edge", {"edge.test", {"edge.test", "www.edge.test"}, KeyType::kRsa}),
      make_standard(dir, "pop", {"*.pop.test", {"*.pop.test"}, KeyType::kEcdsa}),
      make_standard(dir, "cn-only", {"cn-only.test", {}, KeyType::kEcdsa}),
  };
};

}  // namespace

const StandardCertificates& standard_certificates() {
  static const StandardSet set;
  return set.certificates;
}

std::string peer_common_name(const SSL* ssl) {
  const X509Handle peer(SSL_get1_peer_certificate(ssl));
  if (!peer) return {};
  std::array<char, 256> name{};
  const int length = X509_NAME_get_text_by_NID(X509_get_subject_name(peer.get()), NID_commonName,
                                               name.data(), static_cast<int>(name.size()));
  return length < 0 ? std::string() : std::string(name.data(), static_cast<size_t>(length));
}

void write_file(const std::filesystem::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

}  // namespace core::tls::test
