// Formats OpenSSL's error queue with ERR_error_string_n.
#include "core/tls/openssl_error.h"

#include <openssl/err.h>

#include <array>

namespace core::tls {

std::string drain_openssl_errors() {
  std::string text;
  while (const unsigned long code = ERR_get_error()) {
    // 256 bytes is the size OpenSSL documents as enough for one entry.
    std::array<char, 256> buffer{};
    ERR_error_string_n(code, buffer.data(), buffer.size());
    if (!text.empty()) text += "; ";
    text += buffer.data();
  }
  return text.empty() ? std::string("unknown OpenSSL error") : text;
}

std::string file_error(std::string_view file, std::string_view what) {
  std::string text(file);
  text += ": ";
  text += what;
  text += ": ";
  text += drain_openssl_errors();
  return text;
}

}  // namespace core::tls
