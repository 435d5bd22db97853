// Reads subjectAltName DNS names and subject common names out of an X509.
#include "core/tls/certificate_names.h"

#include <openssl/crypto.h>
#include <openssl/x509v3.h>

#include <memory>
#include <string_view>

#include "core/base/unique_handle.h"

namespace core::tls {
namespace {

using GeneralNamesHandle = core::base::UniqueHandle<GENERAL_NAMES, GENERAL_NAMES_free>;

// OPENSSL_free is a macro, so it cannot be a UniqueHandle free function.
struct OpensslFree {
  void operator()(unsigned char* bytes) const noexcept { OPENSSL_free(bytes); }
};

void add_if_text(std::vector<std::string>& names, const unsigned char* data, int length) {
  if (data == nullptr || length <= 0) return;
  const std::string_view name(reinterpret_cast<const char*>(data), static_cast<size_t>(length));
  if (name.find('\0') != std::string_view::npos) return;
  names.emplace_back(name);
}

// The usable DNS entries of subjectAltName; has_dns tells whether there was any DNS entry at
// all, usable or not, since any of them rules the common name out.
std::vector<std::string> dns_alt_names(const X509* cert, bool& has_dns) {
  std::vector<std::string> names;
  has_dns = false;
  const GeneralNamesHandle alt_names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  if (!alt_names) return names;
  for (int i = 0; i < sk_GENERAL_NAME_num(alt_names.get()); ++i) {
    const GENERAL_NAME* entry = sk_GENERAL_NAME_value(alt_names.get(), i);
    if (entry->type != GEN_DNS) continue;
    has_dns = true;
    add_if_text(names, ASN1_STRING_get0_data(entry->d.dNSName),
                ASN1_STRING_length(entry->d.dNSName));
  }
  return names;
}

std::vector<std::string> common_names(const X509* cert) {
  std::vector<std::string> names;
  const X509_NAME* subject = X509_get_subject_name(cert);
  for (int pos = X509_NAME_get_index_by_NID(subject, NID_commonName, -1); pos >= 0;
       pos = X509_NAME_get_index_by_NID(subject, NID_commonName, pos)) {
    const ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, pos));
    unsigned char* utf8 = nullptr;
    const int length = ASN1_STRING_to_UTF8(&utf8, value);
    const std::unique_ptr<unsigned char, OpensslFree> owned(utf8);
    add_if_text(names, owned.get(), length);
  }
  return names;
}

}  // namespace

std::vector<std::string> certificate_names(const X509* cert) {
  bool has_dns = false;
  std::vector<std::string> names = dns_alt_names(cert, has_dns);
  return has_dns ? names : common_names(cert);
}

}  // namespace core::tls
