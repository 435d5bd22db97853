// The header block of an HTTP/2 response: :status, Date, Server, the handler's fields minus
// those HTTP/2 forbids (connection-specific, RFC 9113 8.2.2) or that could not be encoded
// safely, and the content-length the codec vouches for.
#pragma once

#include <nghttp2/nghttp2.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/http/headers.h"

namespace core::server {

class Http2ResponseFields {
 public:
  Http2ResponseFields(int status, const http::Headers& headers,
                      std::optional<uint64_t> content_length, std::string_view date,
                      std::string_view server);
  Http2ResponseFields(const Http2ResponseFields&) = delete;
  Http2ResponseFields& operator=(const Http2ResponseFields&) = delete;

  // Valid while this object lives; nghttp2 copies them on submit.
  const nghttp2_nv* data() const { return nva_.data(); }
  size_t size() const { return nva_.size(); }

 private:
  void add(std::string_view name, std::string_view value);

  std::string status_;
  std::string length_;
  std::vector<nghttp2_nv> nva_;
};

}  // namespace core::server
