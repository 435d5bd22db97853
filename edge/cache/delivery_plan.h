// What a viewer gets from a stored representation, by the preconditions and range of their
// request (RFC 9110 13 and 14): the whole body (200), a 304 for a matching If-None-Match or
// If-Modified-Since, one byte range (206) when If-Range allows, or 416 when the range misses.
#pragma once

#include <cstdint>
#include <optional>

#include "core/http/message.h"

namespace edge::cache {

struct DeliveryPlan {
  core::http::ResponseHead head;
  uint64_t first = 0;   // the body is the stored bytes [first, first + length)
  uint64_t length = 0;  // 0 without a body (304, 416)
  bool body = false;
};

// `stored` is a copy of the stored response head (its content_length is ignored); `length` the
// stored body's length when known (a fill whose origin sent no Content-Length does not know it yet:
// its range requests get the whole body, as RFC 9110 allows). Only 200 responses answer
// preconditions and ranges; any other status is delivered as stored. `now_s` reads dates.
DeliveryPlan plan_delivery(const core::http::Request& request, core::http::ResponseHead stored,
                           std::optional<uint64_t> length, int64_t now_s);

// Whether plan_delivery() gives `request` the whole stored response, whatever is stored: it
// carries no precondition plan_delivery() reads and asks for no range.
bool asks_for_whole(const core::http::Request& request);

}  // namespace edge::cache
