// Server side of HTTP/1.1 (RFC 9112): parses request heads from the bytes a connection has
// buffered, strictly enough that no two readings of the same bytes can frame them
// differently. No I/O and no copies: the head is views into the caller's buffer.
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

// The four request-target forms of RFC 9112 3.2. The parser only accepts each with the
// method it belongs to; whether to serve it is the caller's choice.
enum class TargetForm : uint8_t {
  kOrigin,     // "/path?query"
  kAbsolute,   // "http://host/path", as sent to proxies
  kAuthority,  // "host:port", CONNECT only
  kAsterisk,   // "*", OPTIONS only
};

// A parsed request head. Views point into the buffer given to the parse() call that
// completed it and stay valid while the caller keeps those bytes in place.
struct RequestHead {
  Method method = Method::kOther;
  std::string_view method_name;  // the token as received
  std::string_view target;
  TargetForm target_form = TargetForm::kOrigin;
  int version_minor = 1;  // HTTP/1.0 or HTTP/1.1
  HeaderFields fields;
  std::optional<std::string_view> host;      // the one Host value; absent only in HTTP/1.0
  BodyFraming framing = BodyFraming::kNone;  // kNone, kContentLength or kChunked
  uint64_t content_length = 0;               // with kContentLength, <= Limits::max_body
  bool keep_alive = true;                    // the connection persists after this exchange
  bool expect_continue = false;              // HTTP/1.1 with Expect: 100-continue
  bool upgrade_h2c = false;                  // a valid h2c upgrade request (RFC 7540 3.2)
  std::string_view http2_settings;           // its HTTP2-Settings value, when upgrade_h2c
};

class RequestParser {
 public:
  explicit RequestParser(const Limits& limits = {});

  // `data` is every byte of the connection not yet consumed, starting at this request
  // (empty lines before it included). After a call that did not complete, call again with
  // the same bytes (the buffer may have moved) followed by new ones; scanning resumes where
  // it stopped. Returns {complete, consumed}: when complete, head() is valid and the body
  // (see BodyDecoder) starts `consumed` bytes into `data`. An error is final: answer
  // status_code(error) and close; later calls return the same error until reset().
  std::expected<HeadProgress, Error> parse(std::string_view data);

  // The head of the last completed parse(); its views follow the contract above.
  const RequestHead& head() const { return head_; }

  // Prepares for the next request on the connection, once the caller is done with this
  // one's head and body; head() is cleared.
  void reset();

 private:
  std::expected<void, Error> check_request_line(std::string_view line);
  std::expected<void, Error> finish_head(std::string_view data);

  Limits limits_;
  HeadScanner scanner_;
  RequestHead head_;
  std::optional<Error> error_;
  bool complete_ = false;
  size_t method_size_ = 0;  // the request line's parts, as sizes: the buffer may move
  size_t target_size_ = 0;
};

}  // namespace core::http1
