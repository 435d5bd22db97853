// Certificates made by the tests themselves with the OpenSSL API and written as PEM files into
// a temporary directory: self-signed ones, CA-signed ones with a chain, encrypted keys.
#pragma once

#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/tls/openssl_handles.h"
#include "core/tls/tls_context.h"

namespace core::tls::test {

enum class KeyType { kRsa, kEcdsa };

struct CertificateSpec {
  std::string common_name;
  std::vector<std::string> dns_names;  // subjectAltName DNS entries; none: no extension
  KeyType key_type = KeyType::kEcdsa;
};

// A key and a certificate in memory, to sign others with or to write out.
struct Credential {
  EvpPkeyHandle key;
  X509Handle cert;
};

// A new key and a certificate for it, signed by issuer or, when null, by itself.
std::expected<Credential, std::string> make_credential(const CertificateSpec& spec,
                                                       const Credential* issuer = nullptr);

// Writes cert (then each of chain) to <dir>/<stem>.crt and the key to <dir>/<stem>.key, the
// key encrypted with passphrase when one is given.
std::expected<CertificateFiles, std::string> write_credential(
    const std::filesystem::path& dir, std::string_view stem, const Credential& credential,
    const std::vector<const Credential*>& chain = {}, std::string_view passphrase = {});

// A temporary directory, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The certificates most tests share, made once per test program.
struct StandardCertificates {
  CertificateFiles edge;     // RSA, default: DNS edge.test and www.edge.test
  CertificateFiles pop;      // ECDSA: DNS *.pop.test
  CertificateFiles cn_only;  // ECDSA, no subjectAltName: CN cn-only.test
};

// Made on first use in a directory that lives until the program exits.
const StandardCertificates& standard_certificates();

// The common name of the certificate the peer of ssl presented, or "" without one.
std::string peer_common_name(const SSL* ssl);

// Writes text to path (for garbage files).
void write_file(const std::filesystem::path& path, std::string_view text);

}  // namespace core::tls::test
