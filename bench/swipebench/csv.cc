// A small state machine over the text: outside quotes a comma ends a field and LF a record;
// inside quotes only a lone quote ends the field, and it must be followed by a comma or the end
// of the record, as RFC 4180 says.
#include "bench/swipebench/csv.h"

namespace swipebench {
namespace {

std::string at_line(size_t line, std::string_view why) {
  return std::to_string(line) + ": " + std::string(why);
}

}  // namespace

std::expected<std::string, std::string> CsvReader::quoted_field(size_t record_start) {
  const size_t start_line = line_;
  std::string field;
  ++pos_;  // the opening quote
  while (pos_ < text_.size()) {
    if (pos_ - record_start > max_record_bytes_)
      return std::unexpected(at_line(
          start_line, "record longer than " + std::to_string(max_record_bytes_) + " bytes"));
    const char c = text_[pos_++];
    if (c != '"') {
      if (c == '\n') ++line_;
      field.push_back(c);
      continue;
    }
    if (pos_ < text_.size() && text_[pos_] == '"') {
      field.push_back('"');
      ++pos_;
      continue;
    }
    return field;
  }
  return std::unexpected(at_line(start_line, "a quoted field is not closed"));
}

std::expected<bool, std::string> CsvReader::next(CsvRecord& record) {
  // Empty lines (also CRLF ones) separate nothing: skip them.
  while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
    if (text_[pos_] == '\n') ++line_;
    ++pos_;
  }
  if (pos_ >= text_.size()) return false;
  record.line = line_;
  record.fields.clear();
  const size_t record_start = pos_;
  std::string field;
  while (true) {
    if (pos_ - record_start > max_record_bytes_) {
      return std::unexpected(at_line(
          record.line, "record longer than " + std::to_string(max_record_bytes_) + " bytes"));
    }
    if (pos_ < text_.size() && text_[pos_] == '"' && field.empty()) {
      auto quoted = quoted_field(record_start);
      if (!quoted) return std::unexpected(quoted.error());
      field = std::move(*quoted);
      const bool ends = pos_ >= text_.size() || text_[pos_] == ',' || text_[pos_] == '\n' ||
                        text_.substr(pos_, 2) == "\r\n";
      if (!ends) return std::unexpected(at_line(line_, "text after a closing quote"));
    }
    if (pos_ >= text_.size() || text_[pos_] == '\n' || text_.substr(pos_, 2) == "\r\n") {
      record.fields.push_back(std::move(field));
      if (pos_ < text_.size()) {
        pos_ += text_[pos_] == '\r' ? 2 : 1;
        ++line_;
      }
      return true;
    }
    const char c = text_[pos_++];
    if (c == ',') {
      record.fields.push_back(std::move(field));
      field.clear();
    } else if (c == '"') {
      return std::unexpected(at_line(line_, "a quote inside an unquoted field"));
    } else {
      field.push_back(c);
    }
  }
}

std::string csv_field(std::string_view field) {
  const bool quote = field.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!field.empty() && (field.front() == ' ' || field.back() == ' '));
  if (!quote) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace swipebench
