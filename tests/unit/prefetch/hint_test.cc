// parse_hint and to_json: valid hints and their round trip, each field's error, the limits.
#include "prefetch/hint.h"

#include <gtest/gtest.h>

#include <string>

namespace prefetch {
namespace {

constexpr const char* kExample =
    R"({"hint": "h-123", "expires_at": 1763780000,
        "items": [{"video": "v42", "renditions": ["360p"], "segments": 3, "priority": 0.83}]})";

std::string error_of(std::string_view body, const HintLimits& limits = {}) {
  auto hint = parse_hint(body, limits);
  EXPECT_FALSE(hint.has_value()) << body;
  return hint ? std::string() : hint.error();
}

// A hint whose first item is `item` (a JSON object's members).
std::string with_item(const std::string& item) {
  return R"({"hint": "h", "expires_at": 1, "items": [{)" + item + "}]}";
}

TEST(HintTest, ParsesTheDocumentedExample) {
  auto hint = parse_hint(kExample);
  ASSERT_TRUE(hint.has_value()) << hint.error();
  EXPECT_EQ(hint->id, "h-123");
  EXPECT_EQ(hint->expires_at, 1763780000);
  ASSERT_EQ(hint->items.size(), 1u);
  EXPECT_EQ(hint->items[0], (HintItem{"v42", {"360p"}, 3, 0.83}));
}

TEST(HintTest, RoundTripsThroughTheWireForm) {
  Hint hint{.id = "h-9_x.y",
            .expires_at = 253'402'300'799,
            .items = {{"v1", {"360p", "720p"}, 1, 0.0},
                      {"v2", {"1080p"}, 16, 1.0},
                      {"v3", {"480p", "480p"}, 4, 1.0 / 3.0},
                      {"v4", {"a"}, 2, 0.1}}};
  auto back = parse_hint(to_json(hint));
  ASSERT_TRUE(back.has_value()) << back.error();
  EXPECT_EQ(*back, hint);
  Hint empty{.id = "h", .expires_at = 1, .items = {}};
  auto empty_back = parse_hint(to_json(empty));
  ASSERT_TRUE(empty_back.has_value()) << empty_back.error();
  EXPECT_EQ(*empty_back, empty);
}

TEST(HintTest, WritesTheFieldsInWireOrder) {
  Hint hint{.id = "h", .expires_at = 5, .items = {{"v", {"360p"}, 2, 0.5}}};
  EXPECT_EQ(to_json(hint),
            R"({"hint":"h","expires_at":5,"items":[{"video":"v","renditions":["360p"],)"
            R"("segments":2,"priority":0.5}]})");
}

TEST(HintTest, IgnoresUnknownFieldsAndAcceptsRepeats) {
  auto hint = parse_hint(
      R"({"hint": "h", "expires_at": 7, "version": 2, "items": [
          {"video": "v", "renditions": ["360p"], "segments": 1, "priority": 1, "x": null},
          {"video": "v", "renditions": ["360p"], "segments": 1, "priority": 1}]})");
  ASSERT_TRUE(hint.has_value()) << hint.error();
  EXPECT_EQ(hint->items.size(), 2u);
  EXPECT_EQ(hint->items[0].priority, 1.0);
}

TEST(HintTest, RefusesBodiesThatAreNotAJsonObject) {
  EXPECT_EQ(error_of(""), "body: not JSON");
  EXPECT_EQ(error_of("{"), "body: not JSON");
  EXPECT_EQ(error_of(R"({"hint": "h"} x)"), "body: not JSON");
  EXPECT_EQ(error_of("[]"), "body: must be a JSON object");
  EXPECT_EQ(error_of("\"h\""), "body: must be a JSON object");
  EXPECT_EQ(error_of("null"), "body: must be a JSON object");
}

TEST(HintTest, NamesTheBadTopLevelField) {
  const std::string name_rule = ": must be a name of 1-64 characters of [A-Za-z0-9._-]";
  EXPECT_EQ(error_of(R"({"expires_at": 1, "items": []})"), "hint" + name_rule);
  EXPECT_EQ(error_of(R"({"hint": 5, "expires_at": 1, "items": []})"), "hint" + name_rule);
  EXPECT_EQ(error_of(R"({"hint": "a/b", "expires_at": 1, "items": []})"), "hint" + name_rule);
  const std::string expiry = "expires_at: must be an integer in 1..253402300799";
  EXPECT_EQ(error_of(R"({"hint": "h", "items": []})"), expiry);
  EXPECT_EQ(error_of(R"({"hint": "h", "expires_at": "1", "items": []})"), expiry);
  EXPECT_EQ(error_of(R"({"hint": "h", "expires_at": 1.5, "items": []})"), expiry);
  EXPECT_EQ(error_of(R"({"hint": "h", "expires_at": 0, "items": []})"), expiry);
  EXPECT_EQ(error_of(R"({"hint": "h", "expires_at": -5, "items": []})"), expiry);
  EXPECT_EQ(error_of(R"({"hint": "h", "expires_at": 253402300800, "items": []})"), expiry);
  EXPECT_EQ(error_of(R"({"hint": "h", "expires_at": 18446744073709551615, "items": []})"), expiry);
  const std::string items = "items: must be an array of at most 2000 items";
  EXPECT_EQ(error_of(R"({"hint": "h", "expires_at": 1})"), items);
  EXPECT_EQ(error_of(R"({"hint": "h", "expires_at": 1, "items": {}})"), items);
}

TEST(HintTest, NamesTheBadItemFieldWithItsIndex) {
  const std::string good =
      R"({"video": "v", "renditions": ["360p"], "segments": 1, "priority": 1})";
  std::string body = R"({"hint": "h", "expires_at": 1, "items": [)" + good + "," + good + "," +
                     good + R"(, {"video": "v", "renditions": ["360p"], "segments": 17,
                     "priority": 1}]})";
  EXPECT_EQ(error_of(body), "items[3].segments: must be an integer in 1..16");
  const std::string rest = R"("renditions": ["360p"], "segments": 1, "priority": 1)";
  const std::string name_rule = ": must be a name of 1-64 characters of [A-Za-z0-9._-]";
  EXPECT_EQ(error_of(R"({"hint": "h", "expires_at": 1, "items": [3]})"),
            "items[0]: must be an object");
  EXPECT_EQ(error_of(with_item(rest)), "items[0].video" + name_rule);
  EXPECT_EQ(error_of(with_item(R"("video": "..", )" + rest)), "items[0].video" + name_rule);
  EXPECT_EQ(error_of(with_item(R"("video": 42, )" + rest)), "items[0].video" + name_rule);
  const std::string renditions = "items[0].renditions: must be an array of 1..8 names";
  EXPECT_EQ(error_of(with_item(R"("video": "v", "renditions": [], "segments": 1, "priority": 1)")),
            renditions);
  EXPECT_EQ(
      error_of(with_item(R"("video": "v", "renditions": "360p", "segments": 1, "priority": 1)")),
      renditions);
  EXPECT_EQ(error_of(with_item(
                R"("video": "v", "renditions": ["360p", "a b"], "segments": 1, "priority": 1)")),
            renditions);
  EXPECT_EQ(
      error_of(with_item(R"("video": "v", "renditions": [null], "segments": 1, "priority": 1)")),
      renditions);
  const std::string segments = "items[0].segments: must be an integer in 1..16";
  for (const char* bad : {"0", "-1", "17", "\"3\"", "3.0", "null", "true"}) {
    EXPECT_EQ(
        error_of(with_item(std::string(R"("video": "v", "renditions": ["360p"], "segments": )") +
                           bad + R"(, "priority": 1)")),
        segments)
        << bad;
  }
  const std::string priority = "items[0].priority: must be a number in [0, 1]";
  for (const char* bad : {"-0.01", "1.0001", "2", "\"0.5\"", "null"}) {
    EXPECT_EQ(
        error_of(with_item(std::string(R"("video": "v", "renditions": ["360p"], "segments": 1, )") +
                           R"("priority": )" + bad)),
        priority)
        << bad;
  }
  EXPECT_EQ(error_of(with_item(R"("video": "v", "renditions": ["360p"], "segments": 1)")),
            priority);
}

TEST(HintTest, RefusesHintsBeyondTheLimitsWhole) {
  HintLimits limits{.max_body_bytes = 0, .max_items = 2, .max_renditions = 2, .max_segments = 3};
  auto body = with_item(R"("video": "v", "renditions": ["a", "b"], "segments": 3, "priority": 1)");
  limits.max_body_bytes = body.size();
  EXPECT_TRUE(parse_hint(body, limits).has_value());
  limits.max_body_bytes = body.size() - 1;
  EXPECT_EQ(error_of(body, limits),
            "body: larger than " + std::to_string(body.size() - 1) + " bytes");
  limits.max_body_bytes = 1 << 20;
  EXPECT_EQ(error_of(with_item(R"("video": "v", "renditions": ["a", "b", "c"], "segments": 1,
                                  "priority": 1)"),
                     limits),
            "items[0].renditions: must be an array of 1..2 names");
  EXPECT_EQ(error_of(with_item(R"("video": "v", "renditions": ["a"], "segments": 4,
                                  "priority": 1)"),
                     limits),
            "items[0].segments: must be an integer in 1..3");
  const std::string item = R"({"video": "v", "renditions": ["a"], "segments": 1, "priority": 1})";
  std::string two = R"({"hint": "h", "expires_at": 1, "items": [)" + item + "," + item + "]}";
  std::string three =
      R"({"hint": "h", "expires_at": 1, "items": [)" + item + "," + item + "," + item + "]}";
  EXPECT_TRUE(parse_hint(two, limits).has_value());
  EXPECT_EQ(error_of(three, limits), "items: must be an array of at most 2 items");
}

TEST(HintTest, NamesAreSafePathSegments) {
  EXPECT_TRUE(is_valid_name("v42"));
  EXPECT_TRUE(is_valid_name("A-z_0.9"));
  EXPECT_TRUE(is_valid_name("..."));
  EXPECT_TRUE(is_valid_name(std::string(64, 'x')));
  EXPECT_FALSE(is_valid_name(std::string(65, 'x')));
  EXPECT_FALSE(is_valid_name(""));
  EXPECT_FALSE(is_valid_name("."));
  EXPECT_FALSE(is_valid_name(".."));
  for (const char* bad : {"a/b", "a b", "a\\b", "a%2f", "é", "a\nb", "a:b"})
    EXPECT_FALSE(is_valid_name(bad)) << bad;
  EXPECT_FALSE(is_valid_name(std::string_view("a\0b", 3)));
}

}  // namespace
}  // namespace prefetch
