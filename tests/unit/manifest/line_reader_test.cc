// The line reader: classification, line ends, the byte checks at every position of the word
// loop, and the limits.
#include "manifest/line_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace manifest {
namespace {

std::vector<Line> read_all(std::string_view text, const ParseLimits& limits = {}) {
  LineReader reader(text, limits);
  std::vector<Line> lines;
  while (true) {
    auto next = reader.next();
    EXPECT_TRUE(next.has_value()) << "line " << next.error().line << ": " << next.error().message;
    if (!next || !*next) break;
    lines.push_back(**next);
  }
  return lines;
}

// The error that stops reading `text`, after reading every line before it.
ParseError first_error(std::string_view text, const ParseLimits& limits = {}) {
  LineReader reader(text, limits);
  while (true) {
    auto next = reader.next();
    if (!next) return next.error();
    if (!*next) break;
  }
  ADD_FAILURE() << "no error in: " << text;
  return ParseError{};
}

TEST(LineReaderTest, ClassifiesLines) {
  const auto lines = read_all(
      "#EXTM3U\n"
      "#EXT-X-TARGETDURATION:6\n"
      "# a comment\n"
      "   \t \n"
      "#EXT-X-PROGRAM-DATE-TIME:2024-05-01T12:00:00.000Z\n"
      "#EXTINF:5.005,Title: with colon\n"
      "  segment 1.ts\t \n"
      "#EXT-X-ENDLIST");
  ASSERT_EQ(lines.size(), 8u);
  EXPECT_EQ(lines[0].kind, Line::Kind::kTag);
  EXPECT_EQ(lines[0].name, "EXTM3U");
  EXPECT_FALSE(lines[0].has_value);
  EXPECT_EQ(lines[1].name, "EXT-X-TARGETDURATION");
  EXPECT_EQ(lines[1].value, "6");
  EXPECT_TRUE(lines[1].has_value);
  EXPECT_EQ(lines[2].kind, Line::Kind::kComment);
  EXPECT_EQ(lines[2].text, "# a comment");
  EXPECT_EQ(lines[3].kind, Line::Kind::kBlank);
  EXPECT_EQ(lines[4].value, "2024-05-01T12:00:00.000Z");  // only the first ':' splits
  EXPECT_EQ(lines[5].value, "5.005,Title: with colon");
  EXPECT_EQ(lines[6].kind, Line::Kind::kUri);
  EXPECT_EQ(lines[6].text, "segment 1.ts");
  EXPECT_EQ(lines[7].name, "EXT-X-ENDLIST");
  for (size_t i = 0; i < lines.size(); ++i)
    EXPECT_EQ(lines[i].number, i + 1);
}

TEST(LineReaderTest, TagsStartWithExtAndNamesLoseTrailingBlanks) {
  const auto lines = read_all("#EXTRA stuff\n# EXTINF:1,\n#EXT-X-ENDLIST  \n#EXT-X-FOO:\n");
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].kind, Line::Kind::kTag);
  EXPECT_EQ(lines[0].name, "EXTRA stuff");
  EXPECT_EQ(lines[1].kind, Line::Kind::kComment);
  EXPECT_EQ(lines[2].name, "EXT-X-ENDLIST");
  EXPECT_EQ(lines[2].text, "#EXT-X-ENDLIST  ");  // the text stays verbatim
  EXPECT_TRUE(lines[3].has_value);
  EXPECT_EQ(lines[3].value, "");
}

TEST(LineReaderTest, AcceptsCrlfAndAMissingFinalLineEnd) {
  const auto lines = read_all("#EXTM3U\r\n#EXTINF:4,\r\na.ts\r\n\r\nb.ts");
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[1].value, "4,");
  EXPECT_EQ(lines[2].text, "a.ts");
  EXPECT_EQ(lines[3].kind, Line::Kind::kBlank);
  EXPECT_EQ(lines[4].text, "b.ts");
  EXPECT_TRUE(read_all("").empty());
  EXPECT_EQ(read_all("\n").size(), 1u);
}

TEST(LineReaderTest, AcceptsUtf8) {
  const auto lines = read_all("#EXTINF:2,caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80\n");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].value, "2,caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80");
}

TEST(LineReaderTest, RefusesNulBareCrAndInvalidUtf8) {
  const std::string cases[] = {
      std::string("#EXTM3U\nseg\0.ts\n", 16),
      "#EXTM3U\nseg\r.ts\n",
      "#EXTM3U\nseg.ts\r",
      "#EXTM3U\n\xff\n",
      "#EXTM3U\n\xc0\x80\n",          // overlong NUL
      "#EXTM3U\n\xe0\x80\xaf\n",      // overlong '/'
      "#EXTM3U\n\xed\xa0\x80\n",      // UTF-16 surrogate
      "#EXTM3U\n\xf4\x90\x80\x80\n",  // above U+10FFFF
      "#EXTM3U\n\xe2\x82\n",          // truncated sequence
      "#EXTM3U\nab\x80\n",            // stray continuation byte
  };
  for (const std::string& text : cases) {
    const ParseError error = first_error(text);
    EXPECT_EQ(error.code, ParseErrorCode::kNotUtf8) << text;
    EXPECT_EQ(error.line, 2u) << text;
  }
}

// Special bytes at every offset from the start of a line, so that each lane of the
// eight-byte loop and the byte loop after it are both exercised.
TEST(LineReaderTest, FindsSpecialBytesAtEveryOffset) {
  for (size_t offset = 0; offset < 24; ++offset) {
    const std::string prefix(offset, 'a');
    const auto lf = read_all(prefix + "\n" + std::string(20, 'b'));
    ASSERT_EQ(lf.size(), 2u);
    EXPECT_EQ(lf[0].text.size(), offset);
    EXPECT_EQ(lf[1].text.size(), 20u);
    const auto crlf = read_all(prefix + "\r\nbbbbbbbbbbbb");
    ASSERT_EQ(crlf.size(), 2u);
    EXPECT_EQ(crlf[0].text.size(), offset);
    const auto utf8 = read_all(prefix + "\xc3\xa9" + std::string(12, 'c'));
    ASSERT_EQ(utf8.size(), 1u);
    EXPECT_EQ(utf8[0].text.size(), offset + 14);
    EXPECT_EQ(first_error(prefix + std::string(1, '\0') + "zzzzzzzzz").code,
              ParseErrorCode::kNotUtf8);
    EXPECT_EQ(first_error(prefix + "\rzzzzzzzzz").code, ParseErrorCode::kNotUtf8);
    // Tabs and the other controls below CR are part of the line, wherever they stand.
    const std::string with_controls = prefix + "\x01\t\x0b\x0c" + std::string(20, 'd') + "\t\nx";
    const auto controls = read_all(with_controls);
    ASSERT_EQ(controls.size(), 2u);
    EXPECT_EQ(controls[0].text.size(), offset + 24) << offset;
    EXPECT_EQ(controls[1].text, "x");
  }
}

TEST(LineReaderTest, LimitsLineLength) {
  ParseLimits limits;
  limits.max_line_bytes = 10;
  EXPECT_EQ(read_all("#EXTM3U\n0123456789\r\n", limits).size(), 2u);  // CRLF not counted
  const ParseError error = first_error("#EXTM3U\n0123456789a\n", limits);
  EXPECT_EQ(error.code, ParseErrorCode::kLineTooLong);
  EXPECT_EQ(error.line, 2u);
}

TEST(LineReaderTest, LimitsLineCount) {
  ParseLimits limits;
  limits.max_lines = 2;
  EXPECT_EQ(read_all("a\nb\n", limits).size(), 2u);
  const ParseError error = first_error("a\nb\nc\n", limits);
  EXPECT_EQ(error.code, ParseErrorCode::kTooLarge);
  EXPECT_EQ(error.line, 3u);
}

TEST(LineReaderTest, LimitsTotalSizeBeforeReadingAnything) {
  ParseLimits limits;
  limits.max_bytes = 8;
  EXPECT_EQ(read_all("#EXTM3U\n", limits).size(), 1u);
  LineReader reader("#EXTM3U\n\n", limits);
  auto next = reader.next();
  ASSERT_FALSE(next.has_value());
  EXPECT_EQ(next.error().code, ParseErrorCode::kTooLarge);
  EXPECT_EQ(next.error().line, 0u);
}

}  // namespace
}  // namespace manifest
