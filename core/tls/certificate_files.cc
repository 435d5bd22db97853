// PEM certificate chains and private keys, read through BIOs so that every failure can name
// its file.
#include "core/tls/certificate_files.h"

#include <openssl/err.h>
#include <openssl/pem.h>

#include <utility>

#include "core/tls/certificate_names.h"
#include "core/tls/openssl_error.h"
#include "core/tls/openssl_handles.h"

namespace core::tls {
namespace {

// Without a callback OpenSSL would ask for a passphrase on the terminal; a daemon must fail.
int refuse_passphrase(char* /*buffer*/, int /*size*/, int /*rwflag*/, void* /*arg*/) {
  return 0;
}

// Reading the certificates after the leaf ends with "no start line" at the end of the file;
// any other error means a damaged certificate.
bool only_end_of_pem() {
  const unsigned long error = ERR_peek_last_error();
  if (ERR_GET_LIB(error) != ERR_LIB_PEM || ERR_GET_REASON(error) != PEM_R_NO_START_LINE) {
    return false;
  }
  ERR_clear_error();
  return true;
}

std::expected<X509Handle, std::string> use_chain(SSL_CTX* ctx, const std::string& file) {
  const BioHandle bio(BIO_new_file(file.c_str(), "r"));
  if (!bio) return std::unexpected(file_error(file, "cannot open the certificate file"));
  X509Handle leaf(PEM_read_bio_X509_AUX(bio.get(), nullptr, refuse_passphrase, nullptr));
  if (!leaf) return std::unexpected(file_error(file, "no PEM certificate"));
  if (SSL_CTX_use_certificate(ctx, leaf.get()) != 1) {
    return std::unexpected(file_error(file, "certificate refused"));
  }
  while (X509Handle issuer{PEM_read_bio_X509(bio.get(), nullptr, refuse_passphrase, nullptr)}) {
    // add0 takes ownership only when it succeeds.
    if (SSL_CTX_add0_chain_cert(ctx, issuer.get()) != 1) {
      return std::unexpected(file_error(file, "chain certificate refused"));
    }
    static_cast<void>(issuer.release());
  }
  if (!only_end_of_pem()) {
    return std::unexpected(file_error(file, "damaged chain certificate"));
  }
  return leaf;
}

std::expected<void, std::string> use_key(SSL_CTX* ctx, X509* leaf, const CertificateFiles& files) {
  const std::string& file = files.key_file;
  const BioHandle bio(BIO_new_file(file.c_str(), "r"));
  if (!bio) return std::unexpected(file_error(file, "cannot open the key file"));
  const EvpPkeyHandle key(PEM_read_bio_PrivateKey(bio.get(), nullptr, refuse_passphrase, nullptr));
  if (!key) return std::unexpected(file_error(file, "no unencrypted PEM private key"));
  // Checked before SSL_CTX_use_PrivateKey: a key of another type than the certificate's would
  // be filed in another slot there and only fail later with a vaguer reason.
  const std::string mismatch = "key does not match the certificate in " + files.cert_file;
  if (X509_check_private_key(leaf, key.get()) != 1) {
    return std::unexpected(file_error(file, mismatch));
  }
  if (SSL_CTX_use_PrivateKey(ctx, key.get()) != 1) {
    return std::unexpected(file_error(file, "private key refused"));
  }
  if (SSL_CTX_check_private_key(ctx) != 1) return std::unexpected(file_error(file, mismatch));
  return {};
}

}  // namespace

std::expected<std::vector<std::string>, std::string> use_certificate_files(
    SSL_CTX* ctx, const CertificateFiles& files) {
  auto leaf = use_chain(ctx, files.cert_file);
  if (!leaf) return std::unexpected(std::move(leaf.error()));
  if (auto key = use_key(ctx, leaf->get(), files); !key) {
    return std::unexpected(std::move(key.error()));
  }
  return certificate_names(leaf->get());
}

}  // namespace core::tls
