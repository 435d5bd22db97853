// An HTTP/2 request head as HPACK delivers it, field by field, turned into the protocol-neutral
// http::Request: pseudo-headers checked (RFC 9113 8.3.1), Host folded into the authority,
// cookie crumbs joined (8.2.3), and the size limits of the server applied.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

#include "core/http/message.h"
#include "core/server/codec.h"

namespace core::server {

enum class RequestProblem : uint8_t {
  kMalformed,        // RFC 9113 8.1.1: the stream is reset with PROTOCOL_ERROR
  kHeadersTooLarge,  // over Limits::max_header_bytes or max_headers: 431
  kBadRequest,       // no authority, Host differing from :authority, unknown scheme: 400
  kConnect,          // CONNECT (tunnels are not served): 501
};

// The `reason` label of server_rejected_requests_total for a problem.
std::string_view to_label(RequestProblem problem);

class Http2RequestBuilder {
 public:
  explicit Http2RequestBuilder(const Limits& limits) : limits_(limits) {}

  // One decoded field. nghttp2 has already refused bytes no field may carry.
  void add(std::string_view name, std::string_view value);
  // The request, once the header block has ended; the builder is spent afterwards.
  std::expected<http::Request, RequestProblem> build(const ConnectionInfo& connection,
                                                     std::chrono::steady_clock::time_point now);

 private:
  void add_pseudo(std::string_view name, std::string_view value);
  void add_regular(std::string_view name, std::string_view value);
  std::expected<void, RequestProblem> check() const;

  const Limits& limits_;
  http::Request request_;
  std::string host_;
  std::string cookie_;
  bool has_method_ = false;
  bool has_scheme_ = false;
  bool has_path_ = false;
  bool has_authority_ = false;
  bool has_host_ = false;
  bool regular_seen_ = false;
  bool malformed_ = false;
  bool too_large_ = false;
  size_t bytes_ = 0;
  size_t fields_ = 0;
};

}  // namespace core::server
