// Validators of a stored file (RFC 9110 8.8) and the preconditions that use them: a strong
// ETag from size and modification time, Last-Modified, If-None-Match, If-Modified-Since and
// If-Range.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/http/headers.h"

namespace origin::api {

struct FileStamp {
  uint64_t size = 0;
  int64_t mtime_ns = 0;  // since the Unix epoch
};

// "\"<size hex>-<mtime ns hex>\"": changes whenever a file is replaced.
std::string etag_of(const FileStamp& stamp);

// Whether the request's If-None-Match or, without it, If-Modified-Since says the client's
// copy is current (304 for GET and HEAD).
bool not_modified(const core::http::Headers& request, std::string_view etag, int64_t mtime_s,
                  int64_t now_s);

// Whether a Range may be honoured: true without If-Range, or when If-Range names this
// representation (the same strong ETag, or exactly its Last-Modified date).
bool if_range_holds(const core::http::Headers& request, std::string_view etag, int64_t mtime_s,
                    int64_t now_s);

}  // namespace origin::api
