// The server's ALPN choice and the OpenSSL callbacks that apply it.
#include "core/tls/alpn.h"

#include <cstddef>

namespace core::tls {
namespace {

bool same_name(std::span<const unsigned char> name, std::string_view wanted) {
  if (name.size() != wanted.size()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] != static_cast<unsigned char>(wanted[i])) return false;
  }
  return true;
}

// The entry of a well-formed list equal to wanted.
std::optional<std::span<const unsigned char>> find_name(std::span<const unsigned char> list,
                                                        std::string_view wanted) {
  std::size_t pos = 0;
  while (pos < list.size()) {
    const std::size_t length = list[pos];
    const auto name = list.subspan(pos + 1, length);
    if (same_name(name, wanted)) return name;
    pos += 1 + length;
  }
  return std::nullopt;
}

bool well_formed(std::span<const unsigned char> list) {
  std::size_t pos = 0;
  while (pos < list.size()) {
    const std::size_t length = list[pos];
    if (length == 0 || length > list.size() - pos - 1) return false;
    pos += 1 + length;
  }
  return !list.empty();
}

int select_callback(const unsigned char** out, unsigned char* out_length, const unsigned char* in,
                    unsigned int in_length, bool enable_h2) {
  const auto chosen = select_alpn({in, in_length}, enable_h2);
  if (!chosen) return SSL_TLSEXT_ERR_NOACK;
  *out = chosen->data();
  *out_length = static_cast<unsigned char>(chosen->size());
  return SSL_TLSEXT_ERR_OK;
}

// Two callbacks instead of one with an argument: the choice is baked into the function, so
// nothing the callback reads can be freed before the SSL_CTX.
int select_with_h2(SSL* /*ssl*/, const unsigned char** out, unsigned char* out_length,
                   const unsigned char* in, unsigned int in_length, void* /*arg*/) {
  return select_callback(out, out_length, in, in_length, true);
}

int select_without_h2(SSL* /*ssl*/, const unsigned char** out, unsigned char* out_length,
                      const unsigned char* in, unsigned int in_length, void* /*arg*/) {
  return select_callback(out, out_length, in, in_length, false);
}

}  // namespace

std::optional<std::span<const unsigned char>> select_alpn(
    std::span<const unsigned char> client_list, bool enable_h2) {
  if (!well_formed(client_list)) return std::nullopt;
  if (enable_h2) {
    if (const auto h2 = find_name(client_list, kAlpnH2)) return h2;
  }
  return find_name(client_list, kAlpnHttp11);
}

void install_alpn(SSL_CTX* ctx, bool enable_h2) {
  SSL_CTX_set_alpn_select_cb(ctx, enable_h2 ? select_with_h2 : select_without_h2, nullptr);
}

}  // namespace core::tls
