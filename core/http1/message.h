// Vocabulary shared by the HTTP/1 request and response parsers: methods, how a body is
// framed, what one parse call achieved, and the HTTP-version grammar.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace core::http1 {

// The methods the servers act on; any other token is kOther (methods are case-sensitive).
enum class Method : uint8_t {
  kGet,
  kHead,
  kPost,
  kPut,
  kDelete,
  kConnect,
  kOptions,
  kTrace,
  kPatch,
  kOther,
};

// How the body after a head is delimited (RFC 9112 6.3).
enum class BodyFraming : uint8_t {
  kNone,           // no body at all
  kContentLength,  // exactly content_length bytes (possibly 0)
  kChunked,        // chunked transfer coding, ends with the last chunk and trailers
  kUntilClose,     // responses only: everything until the server closes
};

// Result of one parse() call on a head.
struct HeadProgress {
  bool complete = false;  // the head ended; the parser's head() is valid
  size_t consumed = 0;    // bytes of the head including its final CRLF; 0 until complete
};

// The method for a token; kOther for an unknown one. The token is not validated here.
Method method_from_token(std::string_view token);

// Major and minor digits of "HTTP/d.d" (case-sensitive, exactly 8 bytes), nullopt when the
// text is not of that form.
struct HttpVersion {
  int major = 1;
  int minor = 1;
};
std::optional<HttpVersion> parse_http_version(std::string_view text);

}  // namespace core::http1
