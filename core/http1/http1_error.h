// Why an HTTP/1 message was refused. Every error means: answer with status_code(error) (a
// request) or 502 (an upstream response), then close the connection; the framing of what
// follows on that connection cannot be trusted any more.
#pragma once

#include <cstdint>
#include <string_view>

namespace core::http1 {

enum class Error : uint8_t {
  kBadRequestLine,             // request line is not `token SP target SP HTTP/d.d`, or too many
                               // empty lines before it
  kBadRequestTarget,           // target with bytes outside VCHAR, or a form the method forbids
  kUnsupportedVersion,         // a well-formed HTTP version other than 1.0 and 1.1
  kRequestLineTooLong,         // request line longer than Limits::max_start_line
  kBareLf,                     // a line ended by LF without CR
  kBareCr,                     // a CR not followed by LF
  kBadFieldName,               // field name empty or not a token, or a line without a colon
  kSpaceBeforeColon,           // SP or HT between the field name and the colon
  kObsFold,                    // a field line starting with SP or HT (obsolete line folding)
  kBadFieldValue,              // NUL or another control character (except HT) in a field value
  kHeaderTooLarge,             // head longer than Limits::max_head_bytes
  kTooManyFields,              // more field lines than Limits::max_fields
  kMissingHost,                // HTTP/1.1 request without Host
  kDuplicateHost,              // more than one Host field
  kBadHost,                    // Host value with bytes no URI authority can hold
  kBadContentLength,           // Content-Length not digits, overflowing, or values that differ
  kBadTransferEncoding,        // Transfer-Encoding where chunked is missing, not final or repeated
  kUnsupportedTransferCoding,  // a transfer coding other than chunked, applied before it
  kContentLengthWithTransferEncoding,  // both framings in one message: smuggling risk
  kTransferEncodingInHttp10,           // Transfer-Encoding in an HTTP/1.0 message
  kBadConnection,                      // Connection option that is not a token
  kBodyTooLarge,                       // body longer than Limits::max_body
  kBadChunkSize,                       // chunk size missing, not hex, or overflowing 64 bits
  kBadChunkExtension,                  // control character or stray byte in a chunk extension
  kChunkLineTooLong,                   // chunk size line longer than Limits::max_chunk_line
  kBadChunkTerminator,                 // chunk data not followed by CRLF
  kTrailerTooLarge,    // trailer section over Limits::max_trailer_bytes or max_fields
  kIncompleteMessage,  // the peer closed before the message was complete
  kBadStatusLine,      // status line is not `HTTP/d.d SP 3DIGIT [SP reason]`
  kStatusLineTooLong,  // status line longer than Limits::max_start_line
};

// The status to answer a request refused with `error`: 400, 413, 414, 431, 501 or 505. For
// errors only an upstream response can cause (bad status line), 502.
uint16_t status_code(Error error);

// A short, stable snake_case name for counters and logs, e.g. "bad_request_line".
std::string_view reason_name(Error error);

}  // namespace core::http1
