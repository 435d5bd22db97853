// Attribute lists: typing by syntax, the error of each malformed form, the accessors, and the
// writer's shortest exact floats.
#include "manifest/attribute_list.h"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <random>
#include <string>

namespace manifest {
namespace {

AttributeList parsed(std::string_view text, size_t max_attributes = 256) {
  auto list = parse_attribute_list(text, max_attributes);
  EXPECT_TRUE(list.has_value()) << text << ": " << to_string(list.error());
  return list ? *list : AttributeList();
}

std::string written(const AttributeList& list) {
  std::string out;
  append_attribute_list(list, out);
  return out;
}

std::string decimal(double value) {
  std::string out;
  append_decimal_float(value, out);
  return out;
}

TEST(AttributeListTest, ReadsEveryValueTypeFromItsSyntax) {
  const AttributeList list = parsed(
      "BANDWIDTH=1280000,IV=0x0a1B2c3D,FRAME-RATE=29.97,TIME-OFFSET=-4.5,"
      "CODECS=\"avc1.640028,mp4a.40.2\",HDCP-LEVEL=TYPE-0,RESOLUTION=1920x1080");
  ASSERT_EQ(list.items().size(), 7u);
  const auto& items = list.items();
  EXPECT_EQ(items[0].name, "BANDWIDTH");
  EXPECT_EQ(items[0].value.type, AttributeType::kDecimalInteger);
  EXPECT_EQ(items[0].value.integer, 1280000u);
  EXPECT_EQ(items[1].value.type, AttributeType::kHexadecimalSequence);
  EXPECT_EQ(items[1].value.text, "0x0a1B2c3D");
  EXPECT_EQ(items[2].value.type, AttributeType::kDecimalFloat);
  EXPECT_DOUBLE_EQ(items[2].value.number, 29.97);
  EXPECT_EQ(items[3].value.type, AttributeType::kSignedDecimalFloat);
  EXPECT_DOUBLE_EQ(items[3].value.number, -4.5);
  EXPECT_EQ(items[4].value.type, AttributeType::kQuotedString);
  EXPECT_EQ(items[4].value.text, "avc1.640028,mp4a.40.2");
  EXPECT_EQ(items[5].value.type, AttributeType::kEnumeratedString);
  EXPECT_EQ(items[5].value.text, "TYPE-0");
  EXPECT_EQ(items[6].value.type, AttributeType::kResolution);
  EXPECT_EQ(items[6].value.resolution, (Resolution{1920, 1080}));
}

TEST(AttributeListTest, EdgeFormsOfValues) {
  const AttributeList list =
      parsed("A=\"\",B=0X00FF,C=-3,D=18446744073709551615,E=0,F=1.,G=.5,H=1.2.3,I=007");
  EXPECT_EQ(list.get_string("A"), "");
  EXPECT_EQ(list.find("B")->type, AttributeType::kHexadecimalSequence);
  EXPECT_EQ(list.find("B")->text, "0X00FF");  // kept as written
  EXPECT_EQ(list.find("C")->type, AttributeType::kSignedDecimalFloat);
  EXPECT_EQ(list.find("C")->number, -3.0);
  EXPECT_EQ(list.get_integer("D"), UINT64_MAX);
  EXPECT_EQ(list.get_integer("E"), 0u);
  EXPECT_EQ(list.find("F")->type, AttributeType::kDecimalFloat);
  EXPECT_EQ(list.find("F")->number, 1.0);
  EXPECT_EQ(list.find("G")->number, 0.5);
  // Only looks like a number: an enumerated-string, as the syntax rule says.
  EXPECT_EQ(list.get_enum("H"), "1.2.3");
  EXPECT_EQ(list.get_integer("I"), 7u);
}

TEST(AttributeListTest, EmptyTextIsAnEmptyList) {
  auto list = parse_attribute_list("", 256);
  ASSERT_TRUE(list.has_value());
  EXPECT_TRUE(list->empty());
}

struct ErrorCase {
  const char* text;
  AttributeError error;
};

TEST(AttributeListTest, ReportsEachMalformedForm) {
  const ErrorCase cases[] = {
      {"METHOD=NONE,", AttributeError::kSyntax},
      {",METHOD=NONE", AttributeError::kSyntax},
      {"METHOD", AttributeError::kSyntax},
      {"=NONE", AttributeError::kSyntax},
      {"METHOD=", AttributeError::kSyntax},
      {"A=1,,B=2", AttributeError::kSyntax},
      {"URI=\"a.key\"x", AttributeError::kSyntax},
      {"A=B C", AttributeError::kSyntax},
      {"A=B\"C", AttributeError::kSyntax},
      {"method=NONE", AttributeError::kBadName},
      {"MY_NAME=1", AttributeError::kBadName},
      {"A B=1", AttributeError::kBadName},
      {"URI=\"a.key", AttributeError::kUnterminatedQuote},
      {"URI=\"", AttributeError::kUnterminatedQuote},
      {"A=18446744073709551616", AttributeError::kBadValue},
      {"IV=0x", AttributeError::kBadValue},
      {"IV=0x12G4", AttributeError::kBadValue},
      {"RESOLUTION=1920x", AttributeError::kBadValue},
      {"RESOLUTION=4294967296x1080", AttributeError::kBadValue},
      {"A=\"x\ry\"", AttributeError::kBadValue},
      {"A=1,B=2,A=3", AttributeError::kDuplicateName},
  };
  for (const ErrorCase& c : cases) {
    auto list = parse_attribute_list(c.text, 256);
    ASSERT_FALSE(list.has_value()) << c.text;
    EXPECT_EQ(list.error(), c.error) << c.text << ": " << to_string(list.error());
  }
}

TEST(AttributeListTest, FindsDuplicatesInLongLists) {
  std::string text;
  for (int i = 0; i < 40; ++i)
    text += "X-A" + std::to_string(i) + "=" + std::to_string(i) + ",";
  auto unique = parse_attribute_list(text.substr(0, text.size() - 1), 256);
  ASSERT_TRUE(unique.has_value());
  EXPECT_EQ(unique->items().size(), 40u);
  auto duplicate = parse_attribute_list(text + "X-A17=1", 256);
  ASSERT_FALSE(duplicate.has_value());
  EXPECT_EQ(duplicate.error(), AttributeError::kDuplicateName);
}

TEST(AttributeListTest, RefusesMoreAttributesThanTheLimit) {
  EXPECT_TRUE(parse_attribute_list("A=1,B=2,C=3", 3).has_value());
  auto list = parse_attribute_list("A=1,B=2,C=3,D=4", 3);
  ASSERT_FALSE(list.has_value());
  EXPECT_EQ(list.error(), AttributeError::kTooManyAttributes);
}

TEST(AttributeListTest, TypedAccessors) {
  const AttributeList list =
      parsed("BANDWIDTH=800000,FRAME-RATE=25.0,URI=\"v.m3u8\",TYPE=AUDIO,RESOLUTION=640x360");
  EXPECT_EQ(list.get_integer("BANDWIDTH"), 800000u);
  EXPECT_EQ(list.get_number("BANDWIDTH"), 800000.0);  // integers are numbers too
  EXPECT_EQ(list.get_number("FRAME-RATE"), 25.0);
  EXPECT_EQ(list.get_integer("FRAME-RATE"), std::nullopt);
  EXPECT_EQ(list.get_string("URI"), "v.m3u8");
  EXPECT_EQ(list.get_enum("URI"), std::nullopt);
  EXPECT_EQ(list.get_enum("TYPE"), "AUDIO");
  EXPECT_EQ(list.get_string("TYPE"), std::nullopt);
  EXPECT_EQ(list.get_resolution("RESOLUTION"), (Resolution{640, 360}));
  EXPECT_EQ(list.get_number("URI"), std::nullopt);
  EXPECT_FALSE(list.contains("CODECS"));
  EXPECT_EQ(list.find("CODECS"), nullptr);
}

TEST(AttributeListTest, SetReplacesInPlaceAndEraseRemoves) {
  AttributeList list = parsed("METHOD=AES-128,URI=\"k1.key\",IV=0x01");
  list.set("URI", AttributeValue::string_value("k2.key"));
  list.set("KEYFORMAT", AttributeValue::string_value("identity"));
  EXPECT_EQ(written(list), "METHOD=AES-128,URI=\"k2.key\",IV=0x01,KEYFORMAT=\"identity\"");
  EXPECT_TRUE(list.erase("IV"));
  EXPECT_FALSE(list.erase("IV"));
  EXPECT_EQ(written(list), "METHOD=AES-128,URI=\"k2.key\",KEYFORMAT=\"identity\"");
}

TEST(AttributeListTest, WritesWhatItReadsInCanonicalForm) {
  EXPECT_EQ(written(parsed("A=007,B=1.50,C=-0.250,D=0X1f,E=\"x,y\",F=NO,G=640x360")),
            "A=7,B=1.5,C=-0.25,D=0X1f,E=\"x,y\",F=NO,G=640x360");
  EXPECT_EQ(written(parsed("PART-TARGET=1")), "PART-TARGET=1");
}

TEST(AttributeListTest, FactoriesChooseTheTypeTheTextReadsBackAs) {
  AttributeList list;
  list.set("A", AttributeValue::float_value(2.0));
  list.set("B", AttributeValue::float_value(-2.0));
  list.set("C", AttributeValue::float_value(-0.0));
  list.set("D", AttributeValue::resolution_value({0, 480}));
  list.set("E", AttributeValue::hex_value("0xABCDEF"));
  list.set("F", AttributeValue::integer_value(42));
  list.set("G", AttributeValue::enum_value("YES"));
  list.set("H", AttributeValue::string_value(""));
  const std::string text = written(list);
  EXPECT_EQ(text, "A=2.0,B=-2.0,C=-0.0,D=00x480,E=0xABCDEF,F=42,G=YES,H=\"\"");
  EXPECT_EQ(list.find("B")->type, AttributeType::kSignedDecimalFloat);
  EXPECT_EQ(list.find("C")->type, AttributeType::kSignedDecimalFloat);
  EXPECT_EQ(parsed(text), list);
}

TEST(AttributeListTest, DecimalFloatsAreShortestAndAlwaysHaveADot) {
  EXPECT_EQ(decimal(0.0), "0.0");
  EXPECT_EQ(decimal(10.0), "10.0");
  EXPECT_EQ(decimal(6.006), "6.006");
  EXPECT_EQ(decimal(0.1), "0.1");
  EXPECT_EQ(decimal(-2.5), "-2.5");
  EXPECT_EQ(decimal(1e-7), "0.0000001");
  EXPECT_EQ(decimal(1e21), "1000000000000000000000.0");
  EXPECT_EQ(decimal(5.800000000000001), "5.800000000000001");
}

TEST(AttributeListTest, DecimalFloatsReadBackExactly) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<uint64_t> bits;
  int checked = 0;
  while (checked < 20000) {
    const uint64_t raw = bits(rng);
    double value;
    std::memcpy(&value, &raw, sizeof value);
    if (!std::isfinite(value)) continue;
    const std::string text = decimal(value);
    ASSERT_NE(text.find('.'), std::string::npos) << text;
    ASSERT_EQ(text.find_first_of("eE"), std::string::npos) << text;
    double back = 0;
    auto [ptr, ec] =
        std::from_chars(text.data(), text.data() + text.size(), back, std::chars_format::fixed);
    ASSERT_EQ(ec, std::errc()) << text;
    ASSERT_EQ(ptr, text.data() + text.size()) << text;
    ASSERT_EQ(back, value) << text;
    ++checked;
  }
}

TEST(AttributeListTest, ErrorsHaveNames) {
  for (AttributeError error :
       {AttributeError::kSyntax, AttributeError::kBadName, AttributeError::kUnterminatedQuote,
        AttributeError::kBadValue, AttributeError::kDuplicateName,
        AttributeError::kTooManyAttributes}) {
    EXPECT_FALSE(to_string(error).empty());
    EXPECT_NE(to_string(error), "unknown attribute error");
  }
}

}  // namespace
}  // namespace manifest
