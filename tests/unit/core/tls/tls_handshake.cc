// Client SSL set-up and the turn-by-turn handshake pump for the core::tls tests.
#include "tests/unit/core/tls/tls_handshake.h"

#include <gtest/gtest.h>
#include <openssl/err.h>
#include <sys/socket.h>

#include <array>
#include <string_view>
#include <utility>

namespace core::tls::test {
namespace {

// Enough for any handshake, including a HelloRetryRequest and an alert; a pump that needs
// more is stuck.
constexpr int kMaxTurns = 64;

std::string alpn_wire(const std::vector<std::string>& protocols) {
  std::string wire;
  for (const std::string& protocol : protocols) {
    wire += static_cast<char>(protocol.size());
    wire += protocol;
  }
  return wire;
}

bool configure_client_context(SSL_CTX* ctx, const ClientOptions& options) {
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);  // tests look at the certificate instead
  if (options.legacy_security) {
    SSL_CTX_set_security_level(ctx, 0);
    if (SSL_CTX_set_cipher_list(ctx, "DEFAULT:@SECLEVEL=0") != 1) return false;
  }
  if (SSL_CTX_set_min_proto_version(ctx, options.min_version) != 1 ||
      SSL_CTX_set_max_proto_version(ctx, options.max_version) != 1) {
    return false;
  }
  if (!options.tls12_ciphers.empty() &&
      SSL_CTX_set_cipher_list(ctx, options.tls12_ciphers.c_str()) != 1) {
    return false;
  }
  if (!options.groups.empty() && SSL_CTX_set1_groups_list(ctx, options.groups.c_str()) != 1) {
    return false;
  }
  if (options.no_ticket) SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
  return true;
}

SslHandle new_client(const ClientOptions& options) {
  const SslCtxHandle ctx(SSL_CTX_new(TLS_client_method()));
  if (!ctx || !configure_client_context(ctx.get(), options)) return nullptr;
  SslHandle ssl(SSL_new(ctx.get()));  // holds its own reference on ctx
  if (!ssl) return nullptr;
  if (!options.server_name.empty() &&
      SSL_set_tlsext_host_name(ssl.get(), options.server_name.c_str()) != 1) {
    return nullptr;
  }
  if (!options.alpn.empty()) {
    const std::string wire = alpn_wire(options.alpn);
    // Unlike most of OpenSSL, SSL_set_alpn_protos returns 0 on success.
    if (SSL_set_alpn_protos(ssl.get(), reinterpret_cast<const unsigned char*>(wire.data()),
                            static_cast<unsigned int>(wire.size())) != 0) {
      return nullptr;
    }
  }
  if (options.session != nullptr &&
      SSL_set_session(ssl.get(), const_cast<SSL_SESSION*>(options.session)) != 1) {
    return nullptr;
  }
  SSL_set_connect_state(ssl.get());
  return ssl;
}

enum class Step { kPending, kDone, kFailed };

// One SSL_do_handshake on one side. Both sides share this thread's error queue, so a failure's
// error is taken here, before the other side runs.
Step step(SSL* ssl, unsigned long& error) {
  ERR_clear_error();
  const int result = SSL_do_handshake(ssl);
  if (result == 1) return Step::kDone;
  const int reason = SSL_get_error(ssl, result);
  if (reason == SSL_ERROR_WANT_READ || reason == SSL_ERROR_WANT_WRITE) return Step::kPending;
  error = ERR_peek_error();
  ERR_clear_error();
  return Step::kFailed;
}

}  // namespace

Handshake handshake(SslHandle server, const ClientOptions& options) {
  Handshake result;
  result.server = std::move(server);
  result.client = new_client(options);
  std::array<int, 2> fds{-1, -1};
  if (!result.server || !result.client ||
      socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds.data()) != 0) {
    ADD_FAILURE() << "handshake set-up failed";
    return result;
  }
  result.client_fd.reset(fds[0]);
  result.server_fd.reset(fds[1]);
  SSL_set_fd(result.client.get(), fds[0]);
  SSL_set_fd(result.server.get(), fds[1]);
  SSL_set_accept_state(result.server.get());
  Step client = Step::kPending;
  Step server_step = Step::kPending;
  for (int turn = 0; turn < kMaxTurns; ++turn) {
    if (client == Step::kPending) client = step(result.client.get(), result.client_error);
    if (server_step == Step::kPending) {
      server_step = step(result.server.get(), result.server_error);
    }
    if (client != Step::kPending && server_step != Step::kPending) break;
  }
  result.client_done = client == Step::kDone;
  result.server_done = server_step == Step::kDone;
  return result;
}

Handshake handshake(const TlsContext& context, const ClientOptions& options) {
  return handshake(SslHandle(context.new_ssl()), options);
}

bool server_to_client(Handshake& handshake) {
  constexpr std::string_view kPing = "ping";
  if (SSL_write(handshake.server.get(), kPing.data(), static_cast<int>(kPing.size())) !=
      static_cast<int>(kPing.size())) {
    return false;
  }
  std::array<char, 16> buffer{};
  const int read = SSL_read(handshake.client.get(), buffer.data(), buffer.size());
  ERR_clear_error();
  return read > 0 && std::string_view(buffer.data(), static_cast<size_t>(read)) == kPing;
}

void close_cleanly(Handshake& handshake) {
  SSL_shutdown(handshake.client.get());
  SSL_shutdown(handshake.server.get());
  ERR_clear_error();
}

SslSessionHandle client_session(Handshake& handshake) {
  return SslSessionHandle(SSL_get1_session(handshake.client.get()));
}

}  // namespace core::tls::test
