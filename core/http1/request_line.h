// Internal: the request-line grammar of RFC 9112 3 and the target forms of 3.2.
#pragma once

#include <cstddef>
#include <expected>
#include <string_view>

#include "core/http1/http1_error.h"
#include "core/http1/message.h"
#include "core/http1/request_parser.h"

namespace core::http1 {

struct RequestLine {
  Method method = Method::kOther;
  size_t method_size = 0;  // the method is line[0, method_size)
  size_t target_size = 0;  // the target follows the method and one SP
  TargetForm form = TargetForm::kOrigin;
  int version_minor = 1;
};

// `line` is the request line without CRLF. kBadRequestLine for a line that is not
// `method SP target SP HTTP-version`, kBadRequestTarget for a target with bytes outside
// VCHAR, a fragment, or a form its method does not allow, kUnsupportedVersion for a
// well-formed version other than HTTP/1.0 and HTTP/1.1.
std::expected<RequestLine, Error> parse_request_line(std::string_view line);

}  // namespace core::http1
