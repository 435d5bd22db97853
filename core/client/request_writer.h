// Internal to core/client: a protocol-neutral request as HTTP/1.1 bytes for an origin.
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "core/client/origin_client.h"
#include "core/http/message.h"

namespace core::client {

// The request line, Host (the request's "host" header, else `default_host`), the given
// fields minus framing ones, Content-Length when there is a body or the method expects one,
// and the body. kBadRequest when a method, target or field holds bytes HTTP/1.1 cannot carry
// (a CR or LF there would split the request in two at the origin).
std::expected<std::string, FetchError> write_request(const http::Request& request,
                                                     std::string_view default_host);

}  // namespace core::client
