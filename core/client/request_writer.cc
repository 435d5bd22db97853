// write_request: the client refuses rather than escapes bad bytes, since a request that
// would need escaping can only come from a bug or an attacker upstream of it.
#include "core/client/request_writer.h"

#include <algorithm>

#include "core/http1/field_rules.h"

namespace core::client {
namespace {

bool valid_target(std::string_view target) {
  return !target.empty() && std::all_of(target.begin(), target.end(), [](char c) {
    return http1::is_vchar(static_cast<unsigned char>(c));
  });
}

bool valid_value(std::string_view value) {
  return std::all_of(value.begin(), value.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return http1::is_field_vchar(c) || http1::is_ows(c);
  });
}

// Fields the client writes itself from the request's shape.
bool framing_field(std::string_view name) {
  return name == "host" || name == "content-length" || name == "transfer-encoding";
}

bool expects_body(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH";
}

void append_field(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ").append(value).append("\r\n");
}

}  // namespace

std::expected<std::string, FetchError> write_request(const http::Request& request,
                                                     std::string_view default_host) {
  if (!http1::is_token(request.method) || !valid_target(request.target)) {
    return std::unexpected(FetchError::kBadRequest);
  }
  const std::string_view host = request.headers.get("host").value_or(default_host);
  if (!valid_value(host)) return std::unexpected(FetchError::kBadRequest);

  std::string out;
  out.reserve(256 + request.body.size());
  out.append(request.method).append(" ").append(request.target).append(" HTTP/1.1\r\n");
  append_field(out, "host", host);
  for (const http::Header& field : request.headers.items()) {
    if (framing_field(field.name)) continue;
    if (!http1::is_token(field.name) || !valid_value(field.value)) {
      return std::unexpected(FetchError::kBadRequest);
    }
    append_field(out, field.name, field.value);
  }
  if (!request.body.empty() || expects_body(request.method)) {
    append_field(out, "content-length", std::to_string(request.body.size()));
  }
  out.append("\r\n");
  out.append(request.body);
  return out;
}

}  // namespace core::client
