// Http2RequestBuilder: pseudo-header rules of RFC 9113 8.3.1 and the mapping to http::Request.
#include "core/server/h2_request.h"

#include <utility>

#include "core/http1/field_rules.h"

namespace core::server {
namespace {

// RFC 9113 6.5.2 counts 32 bytes of overhead per field in a header list's size.
constexpr size_t kFieldOverhead = 32;

bool connection_specific(std::string_view name) {
  return name == "connection" || name == "keep-alive" || name == "proxy-connection" ||
         name == "transfer-encoding" || name == "upgrade";
}

}  // namespace

std::string_view to_label(RequestProblem problem) {
  switch (problem) {
    case RequestProblem::kMalformed:
      return "h2_malformed_request";
    case RequestProblem::kHeadersTooLarge:
      return "h2_headers_too_large";
    case RequestProblem::kBadRequest:
      return "h2_bad_request";
    case RequestProblem::kConnect:
      return "h2_connect";
  }
  return "h2_malformed_request";
}

void Http2RequestBuilder::add(std::string_view name, std::string_view value) {
  bytes_ += name.size() + value.size() + kFieldOverhead;
  ++fields_;
  if (bytes_ > limits_.max_header_bytes || fields_ > limits_.max_headers) too_large_ = true;
  // Past the limit nothing more is kept: the answer is 431 whatever else arrives.
  if (too_large_ || malformed_) return;
  if (!name.empty() && name.front() == ':') {
    add_pseudo(name, value);
  } else {
    add_regular(name, value);
  }
}

void Http2RequestBuilder::add_pseudo(std::string_view name, std::string_view value) {
  // Pseudo-headers come first, once each, and only the request ones.
  bool* seen = nullptr;
  std::string* target = nullptr;
  if (name == ":method") {
    seen = &has_method_;
    target = &request_.method;
  } else if (name == ":scheme") {
    seen = &has_scheme_;
    target = &request_.scheme;
  } else if (name == ":path") {
    seen = &has_path_;
    target = &request_.target;
  } else if (name == ":authority") {
    seen = &has_authority_;
    target = &request_.authority;
  }
  if (seen == nullptr || *seen || regular_seen_) {
    malformed_ = true;
    return;
  }
  *seen = true;
  target->assign(value);
}

void Http2RequestBuilder::add_regular(std::string_view name, std::string_view value) {
  regular_seen_ = true;
  if (connection_specific(name) || (name == "te" && value != "trailers")) {
    malformed_ = true;
    return;
  }
  if (name == "host") {
    if (has_host_) malformed_ = true;
    has_host_ = true;
    host_.assign(value);
    return;
  }
  if (name == "cookie") {
    if (!cookie_.empty()) cookie_.append("; ");
    cookie_.append(value);
    return;
  }
  request_.headers.add(name, value);
}

std::expected<void, RequestProblem> Http2RequestBuilder::check() const {
  if (malformed_) return std::unexpected(RequestProblem::kMalformed);
  if (too_large_) return std::unexpected(RequestProblem::kHeadersTooLarge);
  if (!has_method_ || !http1::is_token(request_.method)) {
    return std::unexpected(RequestProblem::kMalformed);
  }
  if (request_.method == "CONNECT") return std::unexpected(RequestProblem::kConnect);
  if (!has_scheme_ || !has_path_ || request_.target.empty()) {
    return std::unexpected(RequestProblem::kMalformed);
  }
  const bool asterisk = request_.target == "*" && request_.method == "OPTIONS";
  if (request_.target.front() != '/' && !asterisk) {
    return std::unexpected(RequestProblem::kMalformed);
  }
  if (request_.scheme != "http" && request_.scheme != "https") {
    return std::unexpected(RequestProblem::kBadRequest);
  }
  if (!has_authority_ && !has_host_) return std::unexpected(RequestProblem::kBadRequest);
  if (has_authority_ && has_host_ && !http1::equals_ignore_case(request_.authority, host_)) {
    return std::unexpected(RequestProblem::kBadRequest);
  }
  if (has_authority_ && request_.authority.empty()) {
    return std::unexpected(RequestProblem::kBadRequest);
  }
  return {};
}

std::expected<http::Request, RequestProblem> Http2RequestBuilder::build(
    const ConnectionInfo& connection, std::chrono::steady_clock::time_point now) {
  if (auto ok = check(); !ok) return std::unexpected(ok.error());
  if (!has_authority_) request_.authority = std::move(host_);
  if (!cookie_.empty()) request_.headers.add("cookie", cookie_);
  request_.protocol = http::Protocol::kHttp2;
  request_.tls = connection.tls;
  request_.peer = connection.peer;
  request_.received = now;
  return std::move(request_);
}

}  // namespace core::server
