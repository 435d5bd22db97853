// RequestParser: drives the head scanner, checks the request line as soon as it ends, then
// applies the request rules of RFC 9112 3.2 and 6.3 and RFC 9110 7.2 to the complete head.
#include "core/http1/request_parser.h"

#include <algorithm>
#include <utility>

#include "core/http1/field_rules.h"
#include "core/http1/message_framing.h"
#include "core/http1/request_line.h"

namespace core::http1 {
namespace {

HeadScanner::Rules scanner_rules(const Limits& limits) {
  HeadScanner::Rules rules;
  rules.start_line = true;
  rules.max_start_line = limits.max_start_line;
  rules.max_leading_empty_lines = limits.max_leading_empty_lines;
  rules.max_bytes = limits.max_head_bytes;
  rules.max_fields = limits.max_fields;
  rules.start_line_too_long = Error::kRequestLineTooLong;
  rules.bad_start = Error::kBadRequestLine;
  rules.too_large = Error::kHeaderTooLarge;
  rules.too_many_fields = Error::kTooManyFields;
  return rules;
}

// token68 in the base64url alphabet (RFC 7540 3.2.1).
bool is_base64url(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-' ||
           c == '_' || c == '=';
  });
}

// RFC 7540 3.2: Upgrade names h2c, Connection names both Upgrade and HTTP2-Settings, and
// exactly one HTTP2-Settings field holds the settings. Anything less is no upgrade request
// (the server just answers in HTTP/1.1), not an error.
void detect_h2c(const FramingFields& framing, RequestHead& head) {
  if (head.version_minor != 1 || !framing.upgrade || !framing.http2_settings) return;
  const auto upgrade = head.fields.find("upgrade");
  if (!upgrade || !list_has_token(*upgrade, "h2c")) return;
  const auto settings = head.fields.find("http2-settings");
  if (!settings || head.fields.count("http2-settings") != 1 || !is_base64url(*settings)) return;
  head.upgrade_h2c = true;
  head.http2_settings = *settings;
}

}  // namespace

RequestParser::RequestParser(const Limits& limits)
    : limits_(limits), scanner_(scanner_rules(limits)) {}

void RequestParser::reset() {
  // The fields move across so that their storage keeps its capacity for the next message.
  HeaderFields fields = std::move(head_.fields);
  head_ = RequestHead{};
  head_.fields = std::move(fields);
  scanner_.reset(head_.fields);
  error_.reset();
  complete_ = false;
  method_size_ = 0;
  target_size_ = 0;
}

std::expected<HeadProgress, Error> RequestParser::parse(std::string_view data) {
  if (error_) return std::unexpected(*error_);
  if (complete_) return HeadProgress{true, scanner_.size()};
  for (;;) {
    auto event = scanner_.scan(data, head_.fields);
    std::expected<void, Error> checked;
    if (!event) {
      checked = std::unexpected(event.error());
    } else if (*event == HeadScanner::Event::kStartLine) {
      checked = check_request_line(scanner_.start_line(data));
    } else if (*event == HeadScanner::Event::kComplete) {
      checked = finish_head(data);
    } else {
      return HeadProgress{};
    }
    if (!checked) {
      error_ = checked.error();
      return std::unexpected(*error_);
    }
    if (complete_) return HeadProgress{true, scanner_.size()};
  }
}

std::expected<void, Error> RequestParser::check_request_line(std::string_view line) {
  const auto parsed = parse_request_line(line);
  if (!parsed) return std::unexpected(parsed.error());
  head_.method = parsed->method;
  head_.target_form = parsed->form;
  head_.version_minor = parsed->version_minor;
  method_size_ = parsed->method_size;
  target_size_ = parsed->target_size;
  return {};
}

std::expected<void, Error> RequestParser::finish_head(std::string_view data) {
  const std::string_view line = scanner_.start_line(data);
  head_.method_name = line.substr(0, method_size_);
  head_.target = line.substr(method_size_ + 1, target_size_);

  const auto framing = read_framing_fields(head_.fields);
  if (!framing) return std::unexpected(framing.error());
  if (auto conflict = check_framing_conflicts(*framing, head_.version_minor); !conflict) {
    return conflict;
  }
  // RFC 9112 6.3: a request whose final coding is not chunked cannot be framed (400); one
  // with another coding before chunked uses a coding this server does not implement (501).
  switch (framing->codings) {
    case TransferCodings::kAbsent:
      if (const std::optional<uint64_t> length = framing->content_length) {
        if (*length > limits_.max_body) return std::unexpected(Error::kBodyTooLarge);
        head_.framing = BodyFraming::kContentLength;
        head_.content_length = *length;
      }
      break;
    case TransferCodings::kChunked:
      head_.framing = BodyFraming::kChunked;
      break;
    case TransferCodings::kChunkedAfterOthers:
      return std::unexpected(Error::kUnsupportedTransferCoding);
    case TransferCodings::kNotChunkedLast:
      return std::unexpected(Error::kBadTransferEncoding);
  }

  if (head_.fields.count("host") > 1) return std::unexpected(Error::kDuplicateHost);
  const auto host = head_.fields.find("host");
  if (!host) {
    if (head_.version_minor == 1) return std::unexpected(Error::kMissingHost);
  } else if (!host->empty() && !is_host_and_port(*host, false)) {
    // An empty Host is allowed for targets without an authority (RFC 9110 7.2).
    return std::unexpected(Error::kBadHost);
  }
  head_.host = host;

  head_.keep_alive = connection_persists(*framing, head_.version_minor);
  // RFC 9110 10.1.1: a 100-continue expectation in an HTTP/1.0 request is ignored.
  if (head_.version_minor == 1) {
    const auto expect = head_.fields.find("expect");
    head_.expect_continue = expect && list_has_token(*expect, "100-continue");
  }
  detect_h2c(*framing, head_);
  complete_ = true;
  return {};
}

}  // namespace core::http1
