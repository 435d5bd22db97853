// TlsContext::load: one SSL_CTX per certificate, the first one the default that every SSL
// starts from, and the SNI callback that moves an SSL to the context of the name it asked for.
#include "core/tls/tls_context.h"

#include <openssl/err.h>

#include <utility>

#include "core/tls/certificate_files.h"
#include "core/tls/openssl_error.h"
#include "core/tls/openssl_handles.h"
#include "core/tls/server_context.h"
#include "core/tls/server_name_table.h"

namespace core::tls {
namespace {

// What the SNI callback reads. Owned by the default SSL_CTX (ex_data, freed by
// free_certificate_choice when that SSL_CTX is), never by the TlsContext object: see below.
struct CertificateChoice {
  ServerNameTable names;
  std::vector<SslCtxHandle> others;  // certificate i + 1; certificate 0 is the default context
};

void free_certificate_choice(void* /*parent*/, void* choice, CRYPTO_EX_DATA* /*data*/,
                             int /*index*/, long /*argl*/, void* /*argp*/) {
  delete static_cast<CertificateChoice*>(choice);  // null for every other SSL_CTX
}

// An ex_data slot is a process-wide registration in OpenSSL; it is made once (thread-safe
// static initialisation) and holds no data itself.
int certificate_choice_index() {
  static const int index =
      SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, free_certificate_choice);
  return index;
}

// Runs during the ClientHello on the connection's worker thread. It is installed on the
// default context only; after a switch (HelloRetryRequest brings a second ClientHello)
// OpenSSL falls back to the callback of the SSL's session context, which is the default one.
int select_certificate(SSL* ssl, int* alert, void* arg) {
  const char* host = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
  if (host == nullptr) return SSL_TLSEXT_ERR_OK;
  const auto& choice = *static_cast<const CertificateChoice*>(arg);
  const auto index = choice.names.find(host);
  if (!index || *index == 0) return SSL_TLSEXT_ERR_OK;  // unknown names get the default
  SSL_CTX* ctx = choice.others[*index - 1].get();
  if (SSL_set_SSL_CTX(ssl, ctx) != ctx) {  // only fails to allocate
    ERR_clear_error();
    *alert = SSL_AD_INTERNAL_ERROR;
    return SSL_TLSEXT_ERR_ALERT_FATAL;
  }
  return SSL_TLSEXT_ERR_OK;
}

// Lifetime: SSL_new takes two references on the SSL_CTX it is given (SSL::ctx and
// SSL::session_ctx) and SSL_free drops them; SSL_set_SSL_CTX takes a reference on the new
// context and drops the old SSL::ctx one, leaving session_ctx on the default. So an SSL keeps
// the default context alive, and with it the CertificateChoice (ex_data) and through that the
// other contexts, even after this object, or a reload's predecessor, is gone. The callbacks
// read nothing else: ALPN's choice is baked into the function (alpn.cc). (The lifetime test
// catches a use after free under the sanitizer build if this ever changes.)
// Sessions: OpenSSL takes ticket keys and the session cache from SSL::session_ctx, the
// default context, even after an SNI switch. Workers share one TlsContext, hence one set of
// ticket keys, so a ticket issued on one worker resumes on any other; a reload starts new keys.
class OpenSslTlsContext final : public TlsContext {
 public:
  explicit OpenSslTlsContext(SslCtxHandle default_context)
      : default_context_(std::move(default_context)) {}

  SSL* new_ssl() const override { return SSL_new(default_context_.get()); }

 private:
  SslCtxHandle default_context_;
};

std::expected<SslCtxHandle, std::string> load_pair(const CertificateFiles& files,
                                                   const TlsOptions& options,
                                                   ServerNameTable& names, std::size_t index) {
  auto ctx = new_server_context(options);
  if (!ctx) return std::unexpected(std::move(ctx.error()));
  auto pair_names = use_certificate_files(ctx->get(), files);
  if (!pair_names) return std::unexpected(std::move(pair_names.error()));
  names.add(index, *pair_names);
  return ctx;
}

std::expected<SslCtxHandle, std::string> load_contexts(
    const std::vector<CertificateFiles>& certificates, const TlsOptions& options) {
  if (certificates.empty()) return std::unexpected(std::string("no TLS certificate configured"));
  const int slot = certificate_choice_index();
  if (slot < 0) return std::unexpected("TLS: no ex_data slot: " + drain_openssl_errors());
  auto choice = std::make_unique<CertificateChoice>();
  auto default_context = load_pair(certificates.front(), options, choice->names, 0);
  if (!default_context) return default_context;
  for (std::size_t i = 1; i < certificates.size(); ++i) {
    auto ctx = load_pair(certificates[i], options, choice->names, i);
    if (!ctx) return ctx;
    choice->others.push_back(std::move(*ctx));
  }
  SSL_CTX* raw = default_context->get();
  if (SSL_CTX_set_ex_data(raw, slot, choice.get()) != 1) {
    return std::unexpected("TLS: SSL_CTX_set_ex_data: " + drain_openssl_errors());
  }
  const CertificateChoice* owned_by_raw = choice.release();
  SSL_CTX_set_tlsext_servername_arg(raw, const_cast<CertificateChoice*>(owned_by_raw));
  SSL_CTX_set_tlsext_servername_callback(raw, select_certificate);
  return default_context;
}

}  // namespace

std::expected<std::shared_ptr<const TlsContext>, std::string> TlsContext::load(
    const std::vector<CertificateFiles>& certificates, const TlsOptions& options) {
  ERR_clear_error();  // stale entries of this thread would pollute our messages
  auto default_context = load_contexts(certificates, options);
  ERR_clear_error();  // and ours must not mislead a later SSL_get_error on this thread
  if (!default_context) return std::unexpected(std::move(default_context.error()));
  return std::make_shared<const OpenSslTlsContext>(std::move(*default_context));
}

std::string_view negotiated_protocol(const SSL* ssl) {
  const unsigned char* data = nullptr;
  unsigned int length = 0;
  SSL_get0_alpn_selected(ssl, &data, &length);
  if (data == nullptr) return {};
  return {reinterpret_cast<const char*>(data), length};
}

}  // namespace core::tls
