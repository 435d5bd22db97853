// Protocol versions, cipher suites, options, ALPN and session resumption of a server SSL_CTX.
#include "core/tls/server_context.h"

#include <string_view>

#include "core/tls/alpn.h"
#include "core/tls/openssl_error.h"

namespace core::tls {
namespace {

// TLS 1.2: forward secrecy (ECDHE) and AEAD only; AES-GCM first for CPUs with AES
// instructions, ChaCha20 for phones without them (SSL_OP_PRIORITIZE_CHACHA below). TLS 1.3's
// suites are all AEAD, so OpenSSL's default list stays.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

constexpr const char* kGroups = "X25519:P-256:P-384";

// Sessions held for ID-based resumption (TLS 1.2 clients without tickets); OpenSSL evicts the
// oldest beyond this, so memory stays bounded under a flood of full handshakes.
constexpr long kSessionCacheSize = 20000;

// Every context of every TlsContext uses the same id context: sessions are only ever offered
// back to the server process that issued them, and SSL_set_SSL_CTX keeps a session's id
// context valid when SNI switches the certificate.
constexpr std::string_view kSessionIdContext = "swipecdn-edge";

std::unexpected<std::string> settings_error(const char* what) {
  return std::unexpected(std::string("TLS settings: ") + what + ": " + drain_openssl_errors());
}

}  // namespace

std::expected<SslCtxHandle, std::string> new_server_context(const TlsOptions& options) {
  SslCtxHandle ctx(SSL_CTX_new(TLS_server_method()));
  if (!ctx) return settings_error("SSL_CTX_new");
  SSL_CTX* raw = ctx.get();
  if (SSL_CTX_set_min_proto_version(raw, TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_max_proto_version(raw, 0) != 1) {  // 0: the highest, TLS 1.3
    return settings_error("protocol versions");
  }
  if (SSL_CTX_set_cipher_list(raw, kTls12Ciphers) != 1) return settings_error("cipher list");
  if (SSL_CTX_set1_groups_list(raw, kGroups) != 1) return settings_error("groups");
  SSL_CTX_set_options(raw, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_PRIORITIZE_CHACHA |
                               SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION);
  SSL_CTX_clear_options(raw, SSL_OP_NO_TICKET);
  // Idle keep-alive connections are most of them; their read and write buffers go back.
  SSL_CTX_set_mode(raw, SSL_MODE_RELEASE_BUFFERS);
  install_alpn(raw, options.enable_h2);
  SSL_CTX_set_session_cache_mode(raw, SSL_SESS_CACHE_SERVER);
  SSL_CTX_sess_set_cache_size(raw, kSessionCacheSize);
  if (SSL_CTX_set_session_id_context(
          raw, reinterpret_cast<const unsigned char*>(kSessionIdContext.data()),
          kSessionIdContext.size()) != 1) {
    return settings_error("session id context");
  }
  return ctx;
}

}  // namespace core::tls
