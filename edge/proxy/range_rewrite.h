// Range requests on the way to the origin (RFC 9110 14.2): a single byte range passes
// unchanged with its If-Range, and the origin's 206 or 416 is relayed. A multi-range request
// is stripped to a plain GET so the viewer gets the full 200: a multipart answer lets a small
// request make the edge send many overlapping copies of an object. An invalid Range is
// stripped too (RFC 9110 says to ignore it).
#pragma once

#include "core/http/headers.h"
#include "core/http/range_header.h"

namespace edge::proxy {

// Removes Range and If-Range (which means nothing without Range) unless the request is a
// single valid range; returns what the Range field was.
core::http::RangeKind rewrite_range(core::http::Headers& headers);

}  // namespace edge::proxy
