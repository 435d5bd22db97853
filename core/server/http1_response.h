// HTTP/1.1 response heads as bytes: the status line, Date and Server, the handler's fields
// (minus the ones that frame the message, which only the codec may write, and any that could
// split the response), and the framing fields the codec chose.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/http/headers.h"
#include "core/http/shared_head.h"

namespace core::server {

struct ResponseFraming {
  std::optional<uint64_t> content_length;
  bool chunked = false;     // Transfer-Encoding: chunked
  bool close = false;       // Connection: close
  bool keep_alive = false;  // Connection: keep-alive, for HTTP/1.0 clients that asked
};

// Appends the head of a `status` response, with its final empty line, to `out`. `date` and
// `server` are left out when empty or when `headers` carries its own.
void append_response_head(std::string& out, int status, const http::Headers& headers,
                          std::string_view date, std::string_view server,
                          const ResponseFraming& framing);

// `headers` as a head to share between many responses: checked and written out once.
http::SharedHead share_head(int status, http::Headers headers);

// As append_response_head(), for `head`'s fields followed by `extra`.
void append_shared_response_head(std::string& out, const http::SharedHead& head,
                                 std::span<const http::Header> extra, std::string_view date,
                                 std::string_view server, const ResponseFraming& framing);

// A complete small response the codec makes itself (errors, 417): text/plain `body` and
// `Connection: close`.
std::string make_error_response(int status, std::string_view body, std::string_view date,
                                std::string_view server);

}  // namespace core::server
