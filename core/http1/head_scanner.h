// Internal: the incremental line scanner under the request parser, the response parser and
// the trailer section of the chunked decoder. It finds CRLF-terminated lines, enforces the
// size bounds before a line ends, splits field lines into checked name/value spans, and
// remembers its position so that feeding a head byte by byte stays linear.
#pragma once

#include <cstddef>
#include <expected>
#include <string_view>

#include "core/http1/header_fields.h"
#include "core/http1/http1_error.h"

namespace core::http1 {

class HeadScanner {
 public:
  struct Rules {
    bool start_line = true;              // a request or status line comes first
    size_t max_start_line = 0;           // bytes of the start line without CRLF
    size_t max_leading_empty_lines = 0;  // empty lines skipped before the start line
    size_t max_bytes = 0;                // the whole section with its final CRLF
    size_t max_fields = 0;
    Error start_line_too_long = Error::kRequestLineTooLong;
    Error bad_start = Error::kBadRequestLine;  // too many empty lines before the start line
    Error too_large = Error::kHeaderTooLarge;
    Error too_many_fields = Error::kTooManyFields;
  };
  enum class Event : uint8_t {
    kNeedMore,   // every byte so far is fine; call again with more
    kStartLine,  // the start line just ended: check start_line(), then call again
    kComplete,   // the empty line ending the section was read; size() bytes long
  };

  explicit HeadScanner(const Rules& rules);

  // Forgets the current section and empties `fields`; the next scan() starts a new one.
  void reset(HeaderFields& fields);

  // Scans `data`, the section's bytes from its first byte: the same bytes as in earlier
  // calls, maybe moved, plus new ones. Field spans are added to `fields` (the same object
  // on every call), which each call binds to data.data().
  std::expected<Event, Error> scan(std::string_view data, HeaderFields& fields);

  // The start line (without CRLF) inside `data`, once kStartLine has been returned.
  std::string_view start_line(std::string_view data) const {
    return data.substr(start_begin_, start_size_);
  }
  // Bytes of the section with its final CRLF, once kComplete has been returned.
  size_t size() const { return pos_; }

 private:
  enum class Phase : uint8_t { kStartLine, kFields, kDone };

  std::expected<Event, Error> finish_line(std::string_view data, size_t begin, size_t end,
                                          HeaderFields& fields);
  std::expected<void, Error> add_field(std::string_view data, size_t begin, size_t end,
                                       HeaderFields& fields) const;

  Rules rules_;
  Phase phase_;
  size_t pos_ = 0;         // next byte to look at
  size_t line_begin_ = 0;  // first byte of the line being scanned
  size_t leading_empty_lines_ = 0;
  size_t start_begin_ = 0;
  size_t start_size_ = 0;
};

}  // namespace core::http1
