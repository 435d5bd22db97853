// Turns a parsed HTTP/1 request head into the protocol-neutral http::Request that handlers
// see: the origin-form target, the authority (from an absolute-form target, else Host), and
// the header fields with lowercase names and without Host.
#pragma once

#include <chrono>

#include "core/http/message.h"
#include "core/http1/request_parser.h"
#include "core/server/codec.h"

namespace core::server {

// The body is left empty; the codec fills it once read.
http::Request make_http1_request(const http1::RequestHead& head, const ConnectionInfo& connection,
                                 std::chrono::steady_clock::time_point received);

}  // namespace core::server
