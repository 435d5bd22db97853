// Server-side TLS: certificates and keys (several, chosen by SNI), TLS 1.2 and 1.3, ALPN
// (h2, http/1.1) and session tickets. A TlsContext is an immutable snapshot: a reload builds
// a new one and new connections use it, while open connections keep the one they started with.
#pragma once

#include <expected>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

using SSL = struct ssl_st;

namespace core::tls {

struct CertificateFiles {
  std::string cert_file;  // PEM, leaf first then chain
  std::string key_file;   // PEM
};

struct TlsOptions {
  bool enable_h2 = true;  // offer "h2" in ALPN before "http/1.1"
};

class TlsContext {
 public:
  virtual ~TlsContext() = default;
  // Loads every pair; the first is the default when SNI names none of them (or no SNI is
  // sent). SNI picks the pair whose certificate's subjectAltName DNS names (or, without any,
  // its common name) match, case-insensitively; "*.example.com" covers one label. The error
  // names the file and the OpenSSL reason. Reads files: call it off the event loops.
  static std::expected<std::shared_ptr<const TlsContext>, std::string> load(
      const std::vector<CertificateFiles>& certificates, const TlsOptions& options);
  // A new server-side SSL for an accepted connection; the caller owns it (SSL_free), nullptr
  // only when out of memory. Thread-safe. The SSL keeps everything it needs from this context
  // alive by itself, so it may outlive the TlsContext (a reload drops the old one).
  virtual SSL* new_ssl() const = 0;
};

// The protocol ALPN settled on for a connection: "h2", "http/1.1", or empty (no ALPN: the
// client offered neither, or sent no ALPN; speak HTTP/1.1). Valid while ssl lives.
std::string_view negotiated_protocol(const SSL* ssl);

}  // namespace core::tls
