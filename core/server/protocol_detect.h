// Telling an HTTP/2 prior-knowledge connection from an HTTP/1 one on cleartext: HTTP/2
// clients open with a fixed preface (RFC 9113 3.4) that no valid HTTP/1 request starts with.
#pragma once

#include <cstdint>
#include <string_view>

namespace core::server {

inline constexpr std::string_view kHttp2Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

enum class Detected : uint8_t {
  kHttp1,     // the bytes cannot be the preface
  kHttp2,     // the bytes start with the whole preface
  kNeedMore,  // the bytes so far are a proper prefix of the preface
};

// `first_bytes` is the start of what the client sent (at most the preface's length matters).
Detected detect_cleartext(std::string_view first_bytes);

}  // namespace core::server
