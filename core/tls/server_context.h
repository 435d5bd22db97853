// The settings every SSL_CTX of a TlsContext shares, so that switching an SSL to another
// certificate's context (SNI) changes the certificate and nothing else.
#pragma once

#include <expected>
#include <string>

#include "core/tls/openssl_handles.h"
#include "core/tls/tls_context.h"

namespace core::tls {

// A TLS server SSL_CTX without certificate: TLS 1.2 minimum and 1.3, ECDHE with AEAD only for
// 1.2, server cipher preference, no renegotiation, no compression, ALPN per options, a
// bounded server-side session cache, one session id context, session tickets on.
std::expected<SslCtxHandle, std::string> new_server_context(const TlsOptions& options);

}  // namespace core::tls
