// Splits playlist text into classified lines for the parser and the validator. Internal to
// manifest/. One pass, no copies: every view points into the input.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string_view>

#include "manifest/parser.h"
#include "manifest/tag_table.h"

namespace manifest {

// name, value and has_value are set for tags only: LineReader::read() leaves them as they were
// for other lines, which spares their stores on the URI lines that fill media playlists.
struct Line {
  enum class Kind : uint8_t { kBlank, kComment, kTag, kUri };
  Kind kind = Kind::kBlank;
  uint32_t number = 0;           // 1-based
  std::string_view text;         // the whole line without its line end
  std::string_view name;         // kTag: the tag name without '#', e.g. "EXT-X-KEY"
  std::string_view value;        // kTag: what follows the first ':', empty when there is none
  bool has_value = false;        // kTag: a ':' was present
  const TagInfo* tag = nullptr;  // the table entry of a known tag, nullptr for any other line
};

// Lines end with LF or CRLF. Blank lines and lines of only whitespace are kBlank; lines
// starting with "#EXT" are tags (looked up in the tag table), other '#' lines comments,
// anything else a URI (trimmed of surrounding whitespace). A NUL, a bare CR or invalid UTF-8
// is kNotUtf8; a line longer than max_line_bytes is kLineTooLong; more than max_lines lines
// is kTooLarge.
class LineReader {
 public:
  // `text` must outlive the reader. Fails at once when text exceeds max_bytes.
  LineReader(std::string_view text, const ParseLimits& limits);
  // The next line, nullopt at the end, or the error that stops reading.
  std::expected<std::optional<Line>, ParseError> next();
  // The same without wrapping each line, for the parser's loop: fills `line` and returns
  // true, or returns false at the end or at an error.
  bool read(Line& line);
  // After read() returned false: the error that stopped reading, or nullopt at the end.
  const std::optional<ParseError>& error() const { return error_; }

 private:
  bool fail(ParseErrorCode code, uint32_t line, const char* message);

  std::string_view text_;
  ParseLimits limits_;
  size_t pos_ = 0;
  uint32_t number_ = 0;
  std::optional<ParseError> error_;
  const TagInfo* extinf_;
};

}  // namespace manifest
