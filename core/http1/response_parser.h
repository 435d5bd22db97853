// Client side of HTTP/1.1 (RFC 9112): parses response heads from an origin with the same
// field rules and limits as RequestParser, and frames the body as RFC 9112 6.3 says.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string_view>

#include "core/http1/head_scanner.h"
#include "core/http1/header_fields.h"
#include "core/http1/http1_error.h"
#include "core/http1/limits.h"
#include "core/http1/message.h"

namespace core::http1 {

// A parsed response head; views as in RequestHead.
struct ResponseHead {
  int version_minor = 1;
  uint16_t status = 0;      // 100-599
  std::string_view reason;  // may be empty
  HeaderFields fields;
  BodyFraming framing = BodyFraming::kNone;
  uint64_t content_length = 0;  // with kContentLength, <= Limits::max_body
  bool keep_alive = true;       // false for read-until-close bodies
  // 1xx: the final response follows on the same connection (reset() and parse again).
  bool interim() const { return status < 200; }
};

class ResponseParser {
 public:
  explicit ResponseParser(const Limits& limits = {});

  // Prepares for the next response; `request_method` is the method of the request it
  // answers: responses to HEAD have no body, nor do 2xx responses to CONNECT (a tunnel).
  void reset(Method request_method = Method::kGet);

  // Same contract as RequestParser::parse(). No empty lines are skipped before the status
  // line. Errors are final; a proxy answers 502 to its own client whatever the error.
  std::expected<HeadProgress, Error> parse(std::string_view data);

  const ResponseHead& head() const { return head_; }

 private:
  std::expected<void, Error> check_status_line(std::string_view line);
  std::expected<void, Error> finish_head(std::string_view data);

  Limits limits_;
  HeadScanner scanner_;
  ResponseHead head_;
  Method request_method_ = Method::kGet;
  std::optional<Error> error_;
  bool complete_ = false;
};

}  // namespace core::http1
