// The parser's fast decimal path (parse_decimal.h, behind EXTINF durations and decimal-float
// attributes) must give the very double std::from_chars gives, over many generated numbers:
// leading zeros, long fractions, huge values; and forms HLS does not allow (exponents, signs,
// inf, nan) must be refused where from_chars would take them.
#include "manifest/parse_decimal.h"

#include <gtest/gtest.h>

#include <bit>
#include <charconv>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "manifest/attribute_list.h"
#include "manifest/parse_common.h"

namespace manifest {
namespace {

std::optional<double> from_chars_fixed(std::string_view text) {
  double value = 0;
  auto [ptr, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

// Bit-for-bit: equal doubles that differ in the last place would pass EXPECT_DOUBLE_EQ.
void expect_same(std::optional<double> got, double want, std::string_view text) {
  ASSERT_TRUE(got.has_value()) << text;
  EXPECT_EQ(std::bit_cast<uint64_t>(*got), std::bit_cast<uint64_t>(want))
      << text << ": " << *got << " vs " << want;
}

std::string digits(std::mt19937_64& random, size_t count) {
  std::string out;
  for (size_t i = 0; i < count; ++i)
    out += static_cast<char>('0' + random() % 10);
  return out;
}

// Numbers of the shape HLS allows: digits, at most one dot. Short ones (the fast path) most
// often, and up to 40 digits on either side (the general path).
std::vector<std::string> generated_numbers() {
  std::mt19937_64 random(20240501);
  std::vector<std::string> out = {"0",
                                  "0.0",
                                  "00000",
                                  "0.000000",
                                  "4.004000",
                                  "3.970633",
                                  "007.5",
                                  "1.",
                                  ".5",
                                  "9.999999",
                                  "123456789012345",
                                  "1234567890123456",
                                  "0.1",
                                  "0.3",
                                  "999999999999999.9",
                                  "1" + std::string(30, '0'),
                                  "1" + std::string(308, '0') + ".5",
                                  "0." + std::string(40, '0') + "1"};
  for (int i = 0; i < 20000; ++i) {
    const size_t whole = random() % 4 == 0 ? random() % 41 : random() % 6;
    const size_t fraction = random() % 4 == 0 ? random() % 41 : random() % 8;
    std::string number = std::string(random() % 8 == 0 ? random() % 4 : 0, '0');
    number += digits(random, whole);
    if (random() % 5 != 0) number += "." + digits(random, fraction);
    if (number.empty() || number == ".") number = "0";
    out.push_back(std::move(number));
  }
  return out;
}

TEST(ParseDecimalTest, ShortDecimalsMatchFromChars) {
  for (const std::string& text : generated_numbers()) {
    ShortDecimal number;
    const char* end = scan_decimal(text.data(), text.data() + text.size(), number);
    ASSERT_EQ(end, text.data() + text.size()) << text;
    const std::optional<double> fast = number.exact_value();
    if (number.count > ShortDecimal::kMaxDigits) {
      EXPECT_FALSE(fast.has_value()) << text;  // left to the general path
      continue;
    }
    const std::optional<double> want = from_chars_fixed(text);
    ASSERT_TRUE(want.has_value()) << text;
    expect_same(fast, *want, text);
  }
}

TEST(ParseDecimalTest, ExtinfDurationsMatchFromChars) {
  for (const std::string& text : generated_numbers()) {
    const std::string value = text + ",title";  // the title is a view into it
    const std::optional<Extinf> extinf = read_extinf(value);
    const std::optional<double> want = from_chars_fixed(text);
    ASSERT_TRUE(want.has_value()) << text;
    ASSERT_TRUE(extinf.has_value()) << text;
    expect_same(extinf->duration, *want, text);
    EXPECT_EQ(extinf->title, "title") << text;
    // Blanks around the number are allowed, and no title at all.
    const std::optional<Extinf> spaced = read_extinf(" " + text + "\t");
    ASSERT_TRUE(spaced.has_value()) << text;
    expect_same(spaced->duration, *want, text);
  }
}

// Every split of up to 9 bytes into whole digits, a dot and fraction digits, followed by titles
// that make the value long enough for the one-word path: digits, commas, bytes of 0x80 and up
// (whose carries must not leak into the number) and none at all.
TEST(ParseDecimalTest, ExtinfWordFormsMatchFromChars) {
  std::mt19937_64 random(8216);
  const std::vector<std::string> titles = {
      "", "x", "title here", "12345678", ",,,,,,,,", "\xff\xfe\xc3\xa9\x8a\x80\x7f\x01"};
  for (size_t whole = 0; whole <= 9; ++whole) {
    for (size_t fraction = 0; whole + fraction <= 9; ++fraction) {
      for (const bool dot : {false, true}) {
        if (!dot && fraction > 0) continue;
        for (const std::string& title : titles) {
          const std::string number =
              digits(random, whole) + (dot ? "." + digits(random, fraction) : "");
          const std::string value = number + "," + title;
          const std::optional<Extinf> extinf = read_extinf(value);
          const std::optional<double> want =
              whole + fraction == 0 ? std::nullopt : from_chars_fixed(number);
          ASSERT_EQ(extinf.has_value(), want.has_value()) << value;
          if (!want) continue;
          expect_same(extinf->duration, *want, value);
          EXPECT_EQ(extinf->title, title) << value;
        }
      }
    }
  }
  // Not a number and a comma in the word: refused, whatever the bytes after it.
  for (const std::string_view value : {"12a4.5,xxxxxx", "1.2.3,xxxxxxx", "3.97\xff,xxxxxx",
                                       "4.004000;title", "4.0040001x34,x", "-4.00000,xxxx"}) {
    EXPECT_FALSE(read_extinf(value).has_value()) << value;
  }
}

TEST(ParseDecimalTest, AttributeFloatsMatchFromChars) {
  for (const std::string& text : generated_numbers()) {
    if (text.find('.') == std::string::npos) continue;  // those are decimal-integers
    for (const bool negative : {false, true}) {
      const std::string value = (negative ? "-" : "") + text;
      auto list = parse_attribute_list("X=" + value + ",Y=1", 8);
      ASSERT_TRUE(list.has_value()) << value;
      const std::optional<double> want = from_chars_fixed(value);
      ASSERT_TRUE(want.has_value()) << value;
      expect_same(list->get_number("X"), *want, value);
    }
  }
}

TEST(ParseDecimalTest, FormsFromCharsTakesButHlsDoesNot) {
  for (const std::string_view text : {"1e5", "1.5e-3", "1E5", "-1.0", "+1.0", "inf", "nan", "INF",
                                      "1.2.3", ".", "", "0x10", "4 .0", "1_000"}) {
    EXPECT_FALSE(read_extinf(std::string(text) + ",").has_value()) << text;
  }
  // An exponent is not a float in an attribute list either: it reads as an enumerated-string
  // or is refused, never as the number from_chars would make of it.
  for (const std::string_view text : {"1e5", "2.5E3"}) {
    auto list = parse_attribute_list("X=" + std::string(text), 8);
    if (list) {
      EXPECT_EQ(list->get_number("X"), std::nullopt) << text;
    }
  }
}

}  // namespace
}  // namespace manifest
