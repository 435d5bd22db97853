// The protocol-neutral request and response head that sit between the codecs (HTTP/1.1,
// HTTP/2) and the handlers. HTTP/1 and HTTP/2 differ only in how they fill and drain these.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/http/headers.h"

namespace core::http {

enum class Protocol : uint8_t { kHttp10, kHttp11, kHttp2 };

std::string_view to_string(Protocol protocol);  // "HTTP/1.0", "HTTP/1.1", "HTTP/2"

struct Request {
  std::string method;     // "GET"
  std::string target;     // the request-target as received: path and query
  std::string authority;  // Host, or :authority for HTTP/2
  std::string scheme;     // "http" or "https"
  Headers headers;        // without HTTP/2 pseudo-headers and without Host
  std::string body;       // the whole request body, bounded by the server's body limit
  Protocol protocol = Protocol::kHttp11;
  bool tls = false;
  std::string peer;  // peer address as "ip:port" or "[ip]:port"
  std::chrono::steady_clock::time_point received;

  // The path part of `target` (before '?').
  std::string_view path() const;
  // The query part of `target` (after '?'), empty when there is none.
  std::string_view query() const;
};

struct ResponseHead {
  int status = 200;
  Headers headers;
  // Set when the body length is known before it is sent; otherwise HTTP/1.1 uses chunked
  // encoding and HTTP/2 ends the stream with the last DATA frame.
  std::optional<uint64_t> content_length;
  // Close the connection once this response is sent (refused input that makes the rest of
  // the byte stream suspect). HTTP/1.1 closes; HTTP/2 keeps the connection, since its framing
  // cannot be confused by one bad request.
  bool close_connection = false;
};

// The reason phrase of a status code ("Not Found"), or "Unknown".
std::string_view reason_phrase(int status);

}  // namespace core::http
