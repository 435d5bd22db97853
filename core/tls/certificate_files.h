// Reads one certificate/key pair from PEM files into an SSL_CTX.
#pragma once

#include <openssl/ssl.h>

#include <expected>
#include <string>
#include <vector>

#include "core/tls/tls_context.h"

namespace core::tls {

// Installs files.cert_file (leaf first, then its chain) and files.key_file in ctx, checks that
// the key belongs to the leaf, and returns the leaf's server names (certificate_names). An
// encrypted key is refused rather than prompted for. The error names the file and OpenSSL's
// reason. Blocking file reads: call it off the event loops.
std::expected<std::vector<std::string>, std::string> use_certificate_files(
    SSL_CTX* ctx, const CertificateFiles& files);

}  // namespace core::tls
