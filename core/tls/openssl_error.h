// OpenSSL's per-thread error queue turned into text for error values.
#pragma once

#include <string>
#include <string_view>

namespace core::tls {

// Drains this thread's OpenSSL error queue and returns its entries joined by "; " (the text
// of ERR_error_string_n), or "unknown OpenSSL error" when the queue was empty. Leaves the
// queue empty, so a later SSL_get_error on this thread is not misled by stale entries.
std::string drain_openssl_errors();

// "<file>: <what>: <drained OpenSSL errors>", the shape of every load error.
std::string file_error(std::string_view file, std::string_view what);

}  // namespace core::tls
