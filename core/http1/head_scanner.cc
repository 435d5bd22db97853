// Line scanning and field-line rules of RFC 9112 2.2 and 5, applied identically to request
// heads, response heads and trailer sections.
#include "core/http1/head_scanner.h"

#include <algorithm>
#include <cstdint>
#include <limits>

#include "core/http1/field_rules.h"

namespace core::http1 {
namespace {

constexpr size_t kMaxOffset = std::numeric_limits<uint32_t>::max();

// First CR or LF in [from, end), or end.
size_t find_line_break(std::string_view data, size_t from, size_t end) {
  while (from < end && data[from] != '\r' && data[from] != '\n')
    ++from;
  return from;
}

}  // namespace

HeadScanner::HeadScanner(const Rules& rules) : rules_(rules) {
  // Field spans are 32-bit offsets.
  rules_.max_bytes = std::min(rules_.max_bytes, kMaxOffset);
  phase_ = rules_.start_line ? Phase::kStartLine : Phase::kFields;
}

void HeadScanner::reset(HeaderFields& fields) {
  fields.clear();
  phase_ = rules_.start_line ? Phase::kStartLine : Phase::kFields;
  pos_ = 0;
  line_begin_ = 0;
  leading_empty_lines_ = 0;
  start_begin_ = 0;
  start_size_ = 0;
}

std::expected<HeadScanner::Event, Error> HeadScanner::scan(std::string_view data,
                                                           HeaderFields& fields) {
  if (phase_ == Phase::kDone) return Event::kComplete;
  // Spans are offsets: bound to this call's bytes they are views that are never dangling
  // while the caller keeps `data`, even if a parser's head is looked at before it is complete.
  fields.base_ = data.data();
  // Never look past max_bytes: a peer that never sends the empty line is refused as soon as
  // the bound is reached, whatever it has sent beyond.
  const size_t end = std::min(data.size(), rules_.max_bytes);
  while (pos_ < end) {
    const size_t brk = find_line_break(data, pos_, end);
    // Checked before the line break is interpreted, so that the verdict does not depend on
    // where the bytes were split.
    if (phase_ == Phase::kStartLine && brk - line_begin_ > rules_.max_start_line) {
      return std::unexpected(rules_.start_line_too_long);
    }
    if (brk == end) {
      pos_ = end;
      break;
    }
    if (data[brk] == '\n') return std::unexpected(Error::kBareLf);
    if (brk + 1 == end) {
      pos_ = brk;  // a CR waiting for its LF
      break;
    }
    if (data[brk + 1] != '\n') return std::unexpected(Error::kBareCr);
    pos_ = brk + 2;
    const size_t line_begin = line_begin_;
    line_begin_ = pos_;
    auto event = finish_line(data, line_begin, brk, fields);
    if (!event || *event != Event::kNeedMore) return event;
  }
  if (end == rules_.max_bytes) return std::unexpected(rules_.too_large);
  return Event::kNeedMore;
}

std::expected<HeadScanner::Event, Error> HeadScanner::finish_line(std::string_view data,
                                                                  size_t begin, size_t end,
                                                                  HeaderFields& fields) {
  if (phase_ == Phase::kStartLine) {
    if (begin == end) {
      if (++leading_empty_lines_ > rules_.max_leading_empty_lines) {
        return std::unexpected(rules_.bad_start);
      }
      return Event::kNeedMore;
    }
    start_begin_ = begin;
    start_size_ = end - begin;
    phase_ = Phase::kFields;
    return Event::kStartLine;
  }
  if (begin == end) {
    phase_ = Phase::kDone;
    return Event::kComplete;
  }
  if (auto added = add_field(data, begin, end, fields); !added) {
    return std::unexpected(added.error());
  }
  return Event::kNeedMore;
}

std::expected<void, Error> HeadScanner::add_field(std::string_view data, size_t begin, size_t end,
                                                  HeaderFields& fields) const {
  const std::string_view line = data.substr(begin, end - begin);
  // A line starting with whitespace continues the previous one (obs-fold), or, right after
  // the start line, is a smuggling attempt (RFC 9112 2.2); both are refused.
  if (is_ows(static_cast<unsigned char>(line.front()))) return std::unexpected(Error::kObsFold);
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return std::unexpected(Error::kBadFieldName);
  const std::string_view name = line.substr(0, colon);
  if (!name.empty() && is_ows(static_cast<unsigned char>(name.back()))) {
    return std::unexpected(Error::kSpaceBeforeColon);
  }
  if (!is_token(name)) return std::unexpected(Error::kBadFieldName);
  const std::string_view value = trim_ows(line.substr(colon + 1));
  for (const char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if (!is_field_vchar(c) && !is_ows(c)) return std::unexpected(Error::kBadFieldValue);
  }
  if (fields.size() >= rules_.max_fields) return std::unexpected(rules_.too_many_fields);
  fields.add({static_cast<uint32_t>(begin), static_cast<uint32_t>(name.size()),
              static_cast<uint32_t>(value.data() - data.data()),
              static_cast<uint32_t>(value.size())});
  return {};
}

}  // namespace core::http1
