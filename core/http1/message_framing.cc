// Content-Length, Transfer-Encoding and Connection as RFC 9110 8.6, RFC 9112 6 and 9.3 read
// them, with the strict choices of this parser: no empty list elements in framing fields, no
// parameters on chunked.
#include "core/http1/message_framing.h"

#include <string_view>

#include "core/http1/field_rules.h"

namespace core::http1 {
namespace {

// Accumulates the coding list over every Transfer-Encoding field.
struct CodingList {
  size_t codings = 0;
  size_t chunked = 0;
  bool last_is_chunked = false;

  // One list element: a token, maybe with parameters. false when malformed.
  bool add(std::string_view element) {
    const size_t semicolon = element.find(';');
    const std::string_view name = trim_ows(element.substr(0, semicolon));
    if (!is_token(name)) return false;
    const bool is_chunked = equals_ignore_case(name, "chunked");
    // chunked has no parameters; one with parameters is not a coding we can trust.
    if (is_chunked && semicolon != std::string_view::npos) return false;
    ++codings;
    if (is_chunked) ++chunked;
    last_is_chunked = is_chunked;
    return true;
  }

  TransferCodings verdict() const {
    if (codings == 0) return TransferCodings::kAbsent;
    if (!last_is_chunked || chunked > 1) return TransferCodings::kNotChunkedLast;
    return codings == 1 ? TransferCodings::kChunked : TransferCodings::kChunkedAfterOthers;
  }
};

bool read_connection(std::string_view value, FramingFields& framing) {
  return for_each_list_element(value, [&](std::string_view option) {
    if (option.empty()) return true;  // RFC 9110 5.6.1: ignore empty elements
    if (!is_token(option)) return false;
    if (equals_ignore_case(option, "close")) framing.close = true;
    if (equals_ignore_case(option, "keep-alive")) framing.keep_alive = true;
    if (equals_ignore_case(option, "upgrade")) framing.upgrade = true;
    if (equals_ignore_case(option, "http2-settings")) framing.http2_settings = true;
    return true;
  });
}

}  // namespace

std::expected<FramingFields, Error> read_framing_fields(const HeaderFields& fields) {
  FramingFields framing;
  CodingList codings;
  for (const HeaderField field : fields) {
    if (equals_ignore_case(field.name, "content-length")) {
      const auto length = parse_content_length(field.value);
      if (!length || (framing.content_length && *framing.content_length != *length)) {
        return std::unexpected(Error::kBadContentLength);
      }
      framing.content_length = length;
    } else if (equals_ignore_case(field.name, "transfer-encoding")) {
      // An empty value is one empty element, which add() refuses.
      const bool ok = for_each_list_element(
          field.value, [&](std::string_view element) { return codings.add(element); });
      if (!ok) return std::unexpected(Error::kBadTransferEncoding);
    } else if (equals_ignore_case(field.name, "connection")) {
      if (!read_connection(field.value, framing)) return std::unexpected(Error::kBadConnection);
    }
  }
  framing.codings = codings.verdict();
  return framing;
}

std::expected<void, Error> check_framing_conflicts(const FramingFields& framing,
                                                   int version_minor) {
  if (framing.codings == TransferCodings::kAbsent) return {};
  if (version_minor == 0) return std::unexpected(Error::kTransferEncodingInHttp10);
  if (framing.content_length) return std::unexpected(Error::kContentLengthWithTransferEncoding);
  return {};
}

bool connection_persists(const FramingFields& framing, int version_minor) {
  if (framing.close) return false;
  return version_minor >= 1 || framing.keep_alive;
}

}  // namespace core::http1
