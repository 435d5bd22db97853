// RFC 4180 records, one at a time: fields separated by commas, a field in double quotes may hold
// commas, quotes (doubled) and line breaks; records end with LF or CRLF.
#pragma once

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace swipebench {

struct CsvRecord {
  size_t line = 0;  // 1-based line the record starts on
  std::vector<std::string> fields;
};

class CsvReader {
 public:
  // `text` must outlive the reader. A record longer than `max_record_bytes` is an error.
  CsvReader(std::string_view text, size_t max_record_bytes)
      : text_(text), max_record_bytes_(max_record_bytes) {}

  // Reads the next record into `record`, skipping empty lines: true, or false at the end. An
  // error says "LINE: why" and ends the reading.
  std::expected<bool, std::string> next(CsvRecord& record);

 private:
  std::expected<std::string, std::string> quoted_field(size_t record_start);

  std::string_view text_;
  size_t max_record_bytes_;
  size_t pos_ = 0;
  size_t line_ = 1;
};

// `field` as it appears in a record: quoted when it holds a comma, a quote, CR or LF, or starts
// or ends with a space (which some readers trim).
std::string csv_field(std::string_view field);

}  // namespace swipebench
