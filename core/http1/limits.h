// Bounds on what one HTTP/1 message may make the parsers look at. A message beyond any of
// them is refused with the Error named beside it, never truncated.
#pragma once

#include <cstddef>
#include <cstdint>

namespace core::http1 {

struct Limits {
  // Request or status line without its CRLF. kRequestLineTooLong (414), kStatusLineTooLong.
  size_t max_start_line = size_t{8} * 1024;
  // Whole head: empty lines skipped before it, start line, field lines, all CRLFs.
  // kHeaderTooLarge (431), enforced before the terminating empty line arrives.
  size_t max_head_bytes = size_t{32} * 1024;
  // Field lines in the head, and separately in a trailer section. kTooManyFields (431).
  size_t max_fields = 100;
  // Empty lines a server skips before a request line (RFC 9112 2.2). kBadRequestLine.
  size_t max_leading_empty_lines = 4;
  // Decoded body bytes: Content-Length, chunked total, or read-until-close. kBodyTooLarge.
  uint64_t max_body = uint64_t{64} * 1024 * 1024;
  // A chunk size line (size and extensions) without its CRLF. kChunkLineTooLong.
  size_t max_chunk_line = 1024;
  // The trailer section after the last chunk, with its final CRLF. kTrailerTooLarge.
  size_t max_trailer_bytes = size_t{8} * 1024;
};

}  // namespace core::http1
