// ResponseParser: status line, then the shared field and framing rules. One strict choice
// beyond RFC 9112 6.3: a Transfer-Encoding other than plain chunked is refused rather than
// read until close, since a proxy could not pass such a body on undecoded.
#include "core/http1/response_parser.h"

#include <algorithm>
#include <utility>

#include "core/http1/field_rules.h"
#include "core/http1/message_framing.h"

namespace core::http1 {
namespace {

HeadScanner::Rules scanner_rules(const Limits& limits) {
  HeadScanner::Rules rules;
  rules.start_line = true;
  rules.max_start_line = limits.max_start_line;
  rules.max_leading_empty_lines = 0;
  rules.max_bytes = limits.max_head_bytes;
  rules.max_fields = limits.max_fields;
  rules.start_line_too_long = Error::kStatusLineTooLong;
  rules.bad_start = Error::kBadStatusLine;
  rules.too_large = Error::kHeaderTooLarge;
  rules.too_many_fields = Error::kTooManyFields;
  return rules;
}

constexpr size_t kVersionSize = 8;                  // "HTTP/1.1"
constexpr size_t kReasonOffset = kVersionSize + 5;  // after "HTTP/1.1 200 "

}  // namespace

ResponseParser::ResponseParser(const Limits& limits)
    : limits_(limits), scanner_(scanner_rules(limits)) {}

void ResponseParser::reset(Method request_method) {
  // The fields move across so that their storage keeps its capacity for the next message.
  HeaderFields fields = std::move(head_.fields);
  head_ = ResponseHead{};
  head_.fields = std::move(fields);
  scanner_.reset(head_.fields);
  request_method_ = request_method;
  error_.reset();
  complete_ = false;
}

std::expected<HeadProgress, Error> ResponseParser::parse(std::string_view data) {
  if (error_) return std::unexpected(*error_);
  if (complete_) return HeadProgress{true, scanner_.size()};
  for (;;) {
    auto event = scanner_.scan(data, head_.fields);
    std::expected<void, Error> checked;
    if (!event) {
      checked = std::unexpected(event.error());
    } else if (*event == HeadScanner::Event::kStartLine) {
      checked = check_status_line(scanner_.start_line(data));
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

// HTTP-version SP 3DIGIT SP reason-phrase (RFC 9112 4). The SP before an empty reason is
// also accepted without it: leaving it out changes nothing about framing.
std::expected<void, Error> ResponseParser::check_status_line(std::string_view line) {
  const auto version = parse_http_version(line.substr(0, kVersionSize));
  if (!version || line.size() < kVersionSize + 4 || line[kVersionSize] != ' ') {
    return std::unexpected(Error::kBadStatusLine);
  }
  if (version->major != 1 || version->minor > 1) {
    return std::unexpected(Error::kUnsupportedVersion);
  }
  const std::string_view code = line.substr(kVersionSize + 1, 3);
  const bool digits = std::all_of(code.begin(), code.end(),
                                  [](char c) { return is_digit(static_cast<unsigned char>(c)); });
  if (!digits || code[0] < '1' || code[0] > '5') return std::unexpected(Error::kBadStatusLine);
  if (line.size() > kReasonOffset - 1) {
    if (line[kReasonOffset - 1] != ' ') return std::unexpected(Error::kBadStatusLine);
    const std::string_view reason = line.substr(kReasonOffset);
    const bool visible = std::all_of(reason.begin(), reason.end(), [](char ch) {
      const auto c = static_cast<unsigned char>(ch);
      return is_field_vchar(c) || is_ows(c);
    });
    if (!visible) return std::unexpected(Error::kBadStatusLine);
  }
  head_.version_minor = version->minor;
  head_.status =
      static_cast<uint16_t>((code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0'));
  return {};
}

std::expected<void, Error> ResponseParser::finish_head(std::string_view data) {
  const std::string_view line = scanner_.start_line(data);
  head_.reason = line.size() > kReasonOffset ? line.substr(kReasonOffset) : std::string_view{};

  const auto framing = read_framing_fields(head_.fields);
  if (!framing) return std::unexpected(framing.error());
  if (auto conflict = check_framing_conflicts(*framing, head_.version_minor); !conflict) {
    return conflict;
  }
  if (framing->codings == TransferCodings::kChunkedAfterOthers) {
    return std::unexpected(Error::kUnsupportedTransferCoding);
  }
  if (framing->codings == TransferCodings::kNotChunkedLast) {
    return std::unexpected(Error::kBadTransferEncoding);
  }
  head_.keep_alive = connection_persists(*framing, head_.version_minor);

  const bool no_body = request_method_ == Method::kHead || head_.status < 200 ||
                       head_.status == 204 || head_.status == 304 ||
                       (request_method_ == Method::kConnect && head_.status < 300);
  if (no_body) {
    head_.framing = BodyFraming::kNone;
  } else if (framing->codings == TransferCodings::kChunked) {
    head_.framing = BodyFraming::kChunked;
  } else if (const std::optional<uint64_t> length = framing->content_length) {
    if (*length > limits_.max_body) return std::unexpected(Error::kBodyTooLarge);
    head_.framing = BodyFraming::kContentLength;
    head_.content_length = *length;
  } else {
    head_.framing = BodyFraming::kUntilClose;
    head_.keep_alive = false;
  }
  complete_ = true;
  return {};
}

}  // namespace core::http1
