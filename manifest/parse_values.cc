// Readers of tag values (integers, EXTINF, BYTERANGE, attribute lists) and the bookkeeping of
// header lines shared by both builders. Values are trimmed of surrounding blanks, which some
// packagers leave behind; EXTINF titles are kept verbatim.
#include <array>
#include <bit>
#include <charconv>
#include <cstring>

#include "manifest/parse_common.h"
#include "manifest/parse_decimal.h"

namespace manifest {

std::unexpected<ParseError> parse_failure(ParseErrorCode code, uint32_t line, std::string message) {
  return std::unexpected(ParseError{code, line, std::move(message)});
}

std::unexpected<ParseError> bad_value(const Line& line, std::string_view why) {
  std::string message(line.name);
  message += ": ";
  message += why;
  return parse_failure(ParseErrorCode::kBadTagValue, line.number, std::move(message));
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

std::optional<uint64_t> read_decimal_integer(std::string_view text) {
  if (text.empty() || text[0] < '0' || text[0] > '9') return std::nullopt;
  uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

namespace {

// The general EXTINF reader, for what the faster ones below do not cover.
bool read_extinf_general(std::string_view value, Extinf& out) {
  Extinf extinf;
  const size_t comma = value.find(',');
  std::string_view duration = trim(value.substr(0, comma));
  if (comma != std::string_view::npos) extinf.title = value.substr(comma + 1);
  // from_chars would also take "inf", "nan" and a sign: only digits and one dot are allowed.
  size_t digits = 0, dots = 0;
  for (char c : duration) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c == '.') {
      ++dots;
    } else {
      return false;
    }
  }
  if (digits == 0 || dots > 1) return false;
  auto [ptr, ec] = std::from_chars(duration.data(), duration.data() + duration.size(),
                                   extinf.duration, std::chars_format::fixed);
  if (ec != std::errc() || ptr != duration.data() + duration.size()) return false;
  out = extinf;
  return true;
}

// The eight digits of a word read from memory (values 0-9, first digit in its lowest byte) as
// one number. Adds neighbouring bytes into two-digit values, then those into one with two
// multiplications.
uint64_t word_digits_value(uint64_t digits) {
  constexpr uint64_t kLanes = 0x000000FF000000FFULL;  // bytes 0 and 4
  digits = digits * 10 + (digits >> 8);               // bytes 0, 2, 4, 6: pairs of digits, 0-99
  const uint64_t outer = (digits & kLanes) * (100 + (1000000ULL << 32));
  const uint64_t inner = ((digits >> 16) & kLanes) * (1 + (10000ULL << 32));
  return (outer + inner) >> 32;
}

// What ffmpeg and most packagers write, "<digits>[.<digits>],[<title>]" with the number and
// its comma in the first 9 bytes, read from one 8-byte word without a loop. false when the
// value is not of that form (shorter, blanks, longer numbers), for the readers below.
bool read_extinf_word(std::string_view value, Extinf& out) {
  constexpr uint64_t kBytes = 0x0101010101010101ULL;
  if (value.size() < sizeof(uint64_t) + 1) return false;
  uint64_t word = 0;
  std::memcpy(&word, value.data(), sizeof word);
  if constexpr (std::endian::native == std::endian::big) word = std::byteswap(word);
  // Digit bytes become 0-9; adding 0x76 sets the high bit of every other byte (a carry out of
  // a byte of 0x8A or more only reaches bytes after a non-digit, which are not looked at).
  const uint64_t digits = word ^ (kBytes * '0');
  const uint64_t others = ((digits + kBytes * 0x76) | digits) & (kBytes * 0x80);
  if (others == 0) return false;
  // Masks are built from the lowest flag bits, without shifts by computed amounts where
  // possible: `first` is the high bit of the first non-digit, `below` covers the bytes before it.
  const uint64_t first = others & (0 - others);
  const unsigned whole = static_cast<unsigned>(std::countr_zero(first)) / 8;
  if (whole == 0) return false;
  const uint64_t below = (first >> 7) - 1;
  uint64_t packed = digits & below;
  unsigned end = whole;  // the byte after the number
  if (value[whole] == '.') {
    // The fraction's digits end at the next non-digit, or with the word (end 8, mask all ones),
    // and move down one byte onto the dot.
    const uint64_t rest = others & (others - 1);
    end = static_cast<unsigned>(std::countr_zero(rest)) / 8;
    const uint64_t before_end = ((rest & (0 - rest)) >> 7) - 1;
    packed |= (digits >> 8) & (before_end >> 8) & ~below;
  }
  if (value[end] != ',') return false;
  // The digits fill the word from its first byte with zeros after them: as an eight-digit
  // number that is the duration times 10^(8 - whole), below 10^8, so the integer and the power
  // of ten are exact and one division rounds right.
  static constexpr std::array<double, sizeof(uint64_t)> kPowersOfTen = {1e0, 1e1, 1e2, 1e3,
                                                                        1e4, 1e5, 1e6, 1e7};
  out.duration =
      static_cast<double>(word_digits_value(packed)) / kPowersOfTen[sizeof(uint64_t) - whole];
  out.title = std::string_view(value.data() + end + 1, value.size() - end - 1);
  return true;
}

// "<short decimal>," with optional blanks around the number, in one pass; the general reader
// for anything else. Kept out of line, so that the word reader's caller stays small.
[[gnu::noinline]] bool read_extinf_short(std::string_view value, Extinf& out) {
  const char* p = value.data();
  const char* end = p + value.size();
  while (p != end && (*p == ' ' || *p == '\t'))
    ++p;
  ShortDecimal number;
  p = scan_decimal(p, end, number);
  while (p != end && (*p == ' ' || *p == '\t'))
    ++p;
  const std::optional<double> duration = number.exact_value();
  if (!duration || (p != end && *p != ',')) return read_extinf_general(value, out);
  out.duration = *duration;
  out.title =
      p != end ? std::string_view(p + 1, static_cast<size_t>(end - p - 1)) : std::string_view();
  return true;
}

}  // namespace

bool read_extinf(std::string_view value, Extinf& out) {
  return read_extinf_word(value, out) || read_extinf_short(value, out);
}

std::optional<ByteRange> read_byte_range(std::string_view value) {
  value = trim(value);
  const size_t at = value.find('@');
  ByteRange range;
  auto length = read_decimal_integer(value.substr(0, at));
  if (!length) return std::nullopt;
  range.length = *length;
  if (at != std::string_view::npos) {
    auto offset = read_decimal_integer(value.substr(at + 1));
    if (!offset) return std::nullopt;
    range.offset = *offset;
  }
  return range;
}

std::expected<AttributeList, ParseError> read_attributes(const Line& line,
                                                         const ParseLimits& limits) {
  auto list = parse_attribute_list(trim(line.value), limits.max_attributes);
  if (!list) {
    std::string message(line.name);
    message += ": ";
    message += to_string(list.error());
    return parse_failure(ParseErrorCode::kBadAttributeList, line.number, std::move(message));
  }
  return std::move(*list);
}

std::expected<uint64_t, ParseError> read_integer_tag(const Line& line) {
  auto value = read_decimal_integer(trim(line.value));
  if (!value) return bad_value(line, "not a decimal-integer in range");
  return *value;
}

void HeaderLines::on_blank() {
  on_header_tag();
  after_blank = true;
}

void HeaderLines::on_unknown(std::string_view text) {
  if (after_blank) {
    pending.emplace_back(text);
  } else {
    header->emplace_back(text);
  }
}

void HeaderLines::on_header_tag() {
  for (std::string& line : pending)
    header->push_back(std::move(line));
  pending.clear();
  after_blank = false;
}

}  // namespace manifest
