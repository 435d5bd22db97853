// Line splitting with the byte checks folded into the same pass: plain ASCII is skipped
// sixteen bytes at a time, and the scan jumps straight to the first line end, CR, NUL or
// non-ASCII byte of a chunk, which alone take the slow path.
#include "manifest/line_reader.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "manifest/parse_chunk.h"

namespace manifest {
namespace {

// The bytes that may need a look: LF, CR, NUL and non-ASCII (negative as signed char), with
// the other controls below CR (tab among them), which cost a detour but take one compare in
// place of four.
constexpr signed char kAboveSpecial = '\r' + 1;
Chunk special_lanes(Chunk chunk) {
  return chunk < kAboveSpecial;
}

bool is_continuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

// Length of the UTF-8 sequence at p (whose first byte is >= 0x80), or 0 when it is invalid:
// no overlong forms, no surrogates, nothing above U+10FFFF.
size_t utf8_sequence_length(const unsigned char* p, const unsigned char* end) {
  const unsigned char c = p[0];
  const size_t left = static_cast<size_t>(end - p);
  if (c >= 0xC2 && c <= 0xDF) return left >= 2 && is_continuation(p[1]) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (left < 3 || !is_continuation(p[1]) || !is_continuation(p[2])) return 0;
    if (c == 0xE0 && p[1] < 0xA0) return 0;
    if (c == 0xED && p[1] > 0x9F) return 0;
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (left < 4 || !is_continuation(p[1]) || !is_continuation(p[2]) || !is_continuation(p[3])) {
      return 0;
    }
    if (c == 0xF0 && p[1] < 0x90) return 0;
    if (c == 0xF4 && p[1] > 0x8F) return 0;
    return 4;
  }
  return 0;
}

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim_right(std::string_view text) {
  while (!text.empty() && is_space(text.back()))
    text.remove_suffix(1);
  return text;
}

// The first byte in [p, end) that is special (above), or end. Two chunks at a time cover
// most lines with one test.
const unsigned char* find_special(const unsigned char* p, const unsigned char* end) {
  while (static_cast<size_t>(end - p) >= 2 * kChunkSize) {
    const uint32_t mask = lane_mask(special_lanes(load_chunk(p))) |
                          (lane_mask(special_lanes(load_chunk(p + kChunkSize))) << kChunkSize);
    if (mask != 0) return p + std::countr_zero(mask);
    p += 2 * kChunkSize;
  }
  while (static_cast<size_t>(end - p) >= kChunkSize) {
    const size_t index = first_flagged(special_lanes(load_chunk(p)));
    if (index != kChunkSize) return p + index;
    p += kChunkSize;
  }
  while (p != end && *p >= kAboveSpecial && *p < 0x80)
    ++p;
  return p;
}

// The first ':' in [p, end), or end. Whole chunks are read as long as they stay before
// `limit`, the end of the text, even past the end of the line.
const char* find_colon(const char* p, const char* end, const char* limit) {
  while (p < end && static_cast<size_t>(limit - p) >= kChunkSize) {
    const size_t index = first_flagged(load_chunk(p) == ':');
    if (index != kChunkSize) return std::min(p + index, end);
    p += kChunkSize;
  }
  if (p >= end) return end;
  while (p != end && *p != ':')
    ++p;
  return p;
}

// The eight bytes at p as a word, for comparing a line's start with a known prefix at once.
uint64_t load8(const char* p) {
  uint64_t word;
  std::memcpy(&word, p, sizeof(word));
  return word;
}

// A line that is not a tag: no table entry; name, value and has_value stay as they were.
void set_untagged(Line::Kind kind, std::string_view text, Line& line) {
  line.kind = kind;
  line.text = text;
  line.tag = nullptr;
}

// Sorts one line (without its line end) into blank, comment, tag or URI, and finds a tag in
// the table; `limit` is the end of the text, `extinf` the table entry of EXTINF.
void classify(const char* begin, const char* end, const char* limit, const TagInfo* extinf,
              Line& line) {
  const char* first = begin;
  // '#' and URI characters are above ' ': most lines skip the blanks loop.
  if (first == end || static_cast<unsigned char>(*first) <= ' ') {
    while (first != end && is_space(*first))
      ++first;
    if (first == end) {
      set_untagged(Line::Kind::kBlank, std::string_view(begin, static_cast<size_t>(end - begin)),
                   line);
      return;
    }
  }
  std::string_view text(first, static_cast<size_t>(end - first));
  if (*first != '#') {
    set_untagged(Line::Kind::kUri, trim_right(text), line);
    return;
  }
  // EXTINF, half the lines of a media playlist, skips the colon search and the table lookup;
  // its first eight bytes are compared as one word.
  constexpr std::string_view kExtinfStart = "#EXTINF:";
  static_assert(kExtinfStart.size() == sizeof(uint64_t));
  if (text.size() >= kExtinfStart.size() && load8(first) == load8(kExtinfStart.data())) {
    line.kind = Line::Kind::kTag;
    line.text = text;
    // Views built from pointers: substr() here is an out-of-line call with a range check.
    line.name = std::string_view(first + 1, kExtinfStart.size() - 2);
    line.value = std::string_view(first + kExtinfStart.size(), text.size() - kExtinfStart.size());
    line.has_value = true;
    line.tag = extinf;
    return;
  }
  if (text.size() < 4 || std::memcmp(first, "#EXT", 4) != 0) {
    set_untagged(Line::Kind::kComment, text, line);
    return;
  }
  line.kind = Line::Kind::kTag;
  line.text = text;
  const char* name = first + 1;
  const char* colon = find_colon(name, end, limit);
  line.name = trim_right(std::string_view(name, static_cast<size_t>(colon - name)));
  line.has_value = colon != end;
  line.value = line.has_value ? std::string_view(colon + 1, static_cast<size_t>(end - colon - 1))
                              : std::string_view();
  line.tag = find_tag(line.name);
}

}  // namespace

LineReader::LineReader(std::string_view text, const ParseLimits& limits)
    : text_(text), limits_(limits), extinf_(&tag_info(TagId::kExtinf)) {
  // Refused whole: there are no lines to read, only the error.
  if (text_.size() > limits_.max_bytes) {
    fail(ParseErrorCode::kTooLarge, 0, "playlist over max_bytes");
    pos_ = text_.size();
  }
}

std::expected<std::optional<Line>, ParseError> LineReader::next() {
  Line line;
  if (read(line)) return line;
  if (error_) return std::unexpected(*error_);
  return std::optional<Line>();
}

bool LineReader::fail(ParseErrorCode code, uint32_t line, const char* message) {
  error_.emplace(ParseError{code, line, message});
  return false;
}

bool LineReader::read(Line& line) {
  // At the end, or refused by the constructor (whose error stays).
  if (pos_ >= text_.size()) return false;
  if (number_ >= limits_.max_lines) {
    return fail(ParseErrorCode::kTooLarge, number_ + 1, "playlist over max_lines");
  }
  ++number_;

  const auto* begin = reinterpret_cast<const unsigned char*>(text_.data());
  const unsigned char* end = begin + text_.size();
  const unsigned char* start = begin + pos_;
  const unsigned char* p = start;
  const unsigned char* line_end = end;
  const unsigned char* next_start = end;
  while (true) {
    p = find_special(p, end);
    if (p == end) break;
    const unsigned char c = *p;
    if (c == '\n') {
      line_end = p;
      next_start = p + 1;
      break;
    }
    if (c >= 0x80) {
      const size_t length = utf8_sequence_length(p, end);
      if (length == 0) {
        return fail(ParseErrorCode::kNotUtf8, number_, "invalid UTF-8");
      }
      p += length;
      continue;
    }
    if (c == '\r') {
      if (end - p >= 2 && p[1] == '\n') {
        line_end = p;
        next_start = p + 2;
        break;
      }
      return fail(ParseErrorCode::kNotUtf8, number_, "bare CR");
    }
    if (c == 0) return fail(ParseErrorCode::kNotUtf8, number_, "NUL byte");
    ++p;  // another control byte, a tab most often
  }
  pos_ = static_cast<size_t>(next_start - begin);
  const size_t length = static_cast<size_t>(line_end - start);
  if (length > limits_.max_line_bytes) {
    return fail(ParseErrorCode::kLineTooLong, number_, "line over max_line_bytes");
  }
  line.number = number_;
  classify(reinterpret_cast<const char*>(start), reinterpret_cast<const char*>(line_end),
           text_.data() + text_.size(), extinf_, line);
  return true;
}

}  // namespace manifest
