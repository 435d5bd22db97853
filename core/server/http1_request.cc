// make_http1_request: RFC 9112 3.2.2 says an absolute-form target's authority replaces Host.
#include "core/server/http1_request.h"

#include <string>

#include "core/http/headers.h"

namespace core::server {
namespace {

struct SplitTarget {
  std::string_view authority;
  std::string path_and_query;
};

// "http://host:port/p?q" -> {"host:port", "/p?q"}; a missing path becomes "/".
SplitTarget split_absolute(std::string_view target) {
  SplitTarget out;
  const size_t scheme_end = target.find("://");
  std::string_view rest =
      scheme_end == std::string_view::npos ? target : target.substr(scheme_end + 3);
  const size_t path_begin = rest.find_first_of("/?");
  out.authority = rest.substr(0, path_begin);
  std::string_view path =
      path_begin == std::string_view::npos ? std::string_view() : rest.substr(path_begin);
  if (path.empty() || path.front() != '/') out.path_and_query = "/";
  out.path_and_query.append(path);
  return out;
}

}  // namespace

http::Request make_http1_request(const http1::RequestHead& head, const ConnectionInfo& connection,
                                 std::chrono::steady_clock::time_point received) {
  http::Request request;
  request.method = std::string(head.method_name);
  request.protocol = head.version_minor == 0 ? http::Protocol::kHttp10 : http::Protocol::kHttp11;
  request.tls = connection.tls;
  request.scheme = connection.tls ? "https" : "http";
  request.peer = connection.peer;
  request.received = received;
  if (head.target_form == http1::TargetForm::kAbsolute) {
    SplitTarget split = split_absolute(head.target);
    request.authority = std::string(split.authority);
    request.target = std::move(split.path_and_query);
  } else {
    request.authority = std::string(head.host.value_or(std::string_view()));
    request.target = std::string(head.target);
  }
  for (const http1::HeaderField field : head.fields) {
    if (http::equals_ignore_case(field.name, "host")) continue;
    request.headers.add(field.name, field.value);
  }
  return request;
}

}  // namespace core::server
