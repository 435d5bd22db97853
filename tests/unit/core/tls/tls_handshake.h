// A real TLS handshake between a server SSL from a TlsContext and an OpenSSL client SSL, over
// a non-blocking socketpair, pumped by turns on the calling thread.
#pragma once

#include <openssl/ssl.h>

#include <string>
#include <vector>

#include "core/base/unique_handle.h"
#include "core/tls/openssl_handles.h"
#include "core/tls/tls_context.h"

namespace core::tls::test {

using SslSessionHandle = core::base::UniqueHandle<SSL_SESSION, SSL_SESSION_free>;

struct ClientOptions {
  std::string server_name{};             // SNI; empty sends none
  std::vector<std::string> alpn{};       // offered in this order; empty sends no ALPN
  int min_version = 0;                   // 0: OpenSSL's default
  int max_version = 0;                   // 0: TLS 1.3
  std::string tls12_ciphers{};           // empty: OpenSSL's default list
  std::string groups{};                  // empty: OpenSSL's default groups
  const SSL_SESSION* session = nullptr;  // offered for resumption
  bool no_ticket = false;                // ask for session-id resumption only (TLS 1.2)
  bool legacy_security = false;          // security level 0, for TLS 1.0/1.1 clients
};

struct Handshake {
  bool client_done = false;        // SSL_do_handshake returned 1 on the client
  bool server_done = false;        // and on the server
  unsigned long server_error = 0;  // first OpenSSL error code of a failed server, else 0
  unsigned long client_error = 0;  // same for the client
  SslHandle client;
  SslHandle server;
  core::base::UniqueFd client_fd;
  core::base::UniqueFd server_fd;

  bool ok() const { return client_done && server_done; }
};

// Runs the handshake of server (from TlsContext::new_ssl) against a new client.
Handshake handshake(SslHandle server, const ClientOptions& options);
Handshake handshake(const TlsContext& context, const ClientOptions& options);

// Sends one application record from server to client and reads it there; this makes a TLS 1.3
// client process the NewSessionTicket messages that follow the handshake. True when the
// client received the bytes.
bool server_to_client(Handshake& handshake);

// Both sides send close_notify. Without it SSL_free counts the connection as failed and
// marks its session (the client's copy included) not resumable.
void close_cleanly(Handshake& handshake);

// The client's session after server_to_client, ready to be offered again.
SslSessionHandle client_session(Handshake& handshake);

}  // namespace core::tls::test
