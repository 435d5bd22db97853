// ALPN (RFC 7301) on the server: the protocol is chosen by our preference ("h2", then
// "http/1.1"), not the client's order; no common protocol means no ALPN, i.e. HTTP/1.1.
#pragma once

#include <openssl/ssl.h>

#include <optional>
#include <span>
#include <string_view>

namespace core::tls {

inline constexpr std::string_view kAlpnH2 = "h2";
inline constexpr std::string_view kAlpnHttp11 = "http/1.1";

// Picks from the client's list in ALPN wire format (each name prefixed by its one-byte
// length): "h2" if enable_h2 and offered, else "http/1.1" if offered, else nothing. A
// malformed list (an empty name, a length past the end) yields nothing. The result points
// into client_list.
std::optional<std::span<const unsigned char>> select_alpn(
    std::span<const unsigned char> client_list, bool enable_h2);

// Installs the ALPN select callback on ctx. The callback keeps no pointer to any object, so
// it stays valid for as long as ctx does.
void install_alpn(SSL_CTX* ctx, bool enable_h2);

}  // namespace core::tls
