// The DNS names a server certificate answers for, as SNI matching needs them.
#pragma once

#include <openssl/x509.h>

#include <string>
#include <vector>

namespace core::tls {

// The certificate's subjectAltName DNS entries or, when it has none, its subject common
// names (RFC 6125 6.4.4), in certificate order. Entries holding a NUL byte are skipped: such a
// name could compare equal to a shorter one.
std::vector<std::string> certificate_names(const X509* cert);

}  // namespace core::tls
