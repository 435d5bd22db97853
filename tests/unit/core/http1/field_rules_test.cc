// The shared value grammars and the error table.
#include "core/http1/field_rules.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/http1/http1_error.h"

namespace core::http1 {
namespace {

TEST(Http1FieldRules, Tokens) {
  EXPECT_TRUE(is_token("Content-Length"));
  EXPECT_TRUE(is_token("x!#$%&'*+-.^_`|~9"));
  EXPECT_FALSE(is_token(""));
  EXPECT_FALSE(is_token("a b"));
  EXPECT_FALSE(is_token("a:b"));
  EXPECT_FALSE(is_token("a\"b"));
  EXPECT_FALSE(is_token("caf\xc3\xa9"));
}

TEST(Http1FieldRules, TrimAndCompare) {
  EXPECT_EQ(trim_ows(" \t a b \t"), "a b");
  EXPECT_EQ(trim_ows("  "), "");
  EXPECT_TRUE(equals_ignore_case("Transfer-Encoding", "transfer-ENCODING"));
  EXPECT_FALSE(equals_ignore_case("Host", "Hosts"));
  EXPECT_FALSE(equals_ignore_case("\xc9", "\xe9"));  // ASCII only
}

TEST(Http1FieldRules, ListTokens) {
  EXPECT_TRUE(list_has_token("keep-alive, , Upgrade", "upgrade"));
  EXPECT_FALSE(list_has_token("keep-alive-x", "keep-alive"));
  EXPECT_FALSE(list_has_token("", "close"));
}

TEST(Http1FieldRules, ContentLength) {
  EXPECT_EQ(parse_content_length("0"), 0u);
  EXPECT_EQ(parse_content_length("18446744073709551615"), 18446744073709551615u);
  EXPECT_EQ(parse_content_length("12 , 12,12"), 12u);
  EXPECT_FALSE(parse_content_length("18446744073709551616").has_value());
  EXPECT_FALSE(parse_content_length("99999999999999999999").has_value());
  EXPECT_FALSE(parse_content_length("12,13").has_value());
  EXPECT_FALSE(parse_content_length("12,").has_value());
  EXPECT_FALSE(parse_content_length("").has_value());
  EXPECT_FALSE(parse_content_length("1e3").has_value());
}

TEST(Http1FieldRules, HostAndPort) {
  EXPECT_TRUE(is_host_and_port("edge.example", false));
  EXPECT_TRUE(is_host_and_port("edge.example:8081", true));
  EXPECT_TRUE(is_host_and_port("[2001:db8::1]:443", true));
  EXPECT_TRUE(is_host_and_port("xn--bcher-kva.example", false));
  EXPECT_TRUE(is_host_and_port("a%2Db", false));
  EXPECT_FALSE(is_host_and_port("edge.example", true));
  EXPECT_FALSE(is_host_and_port(":80", false));
  EXPECT_FALSE(is_host_and_port("a:b", false));
  EXPECT_FALSE(is_host_and_port("a:1:2", false));
  EXPECT_FALSE(is_host_and_port("[::1", false));
  EXPECT_FALSE(is_host_and_port("[::1]x", false));
  EXPECT_FALSE(is_host_and_port("a%2", false));
  EXPECT_FALSE(is_host_and_port("a b", false));
}

TEST(Http1Error, StatusesAndNames) {
  EXPECT_EQ(status_code(Error::kBadRequestLine), 400);
  EXPECT_EQ(reason_name(Error::kBadRequestLine), "bad_request_line");
  EXPECT_EQ(status_code(Error::kHeaderTooLarge), 431);
  EXPECT_EQ(reason_name(Error::kHeaderTooLarge), "header_too_large");
  EXPECT_EQ(status_code(Error::kRequestLineTooLong), 414);
  EXPECT_EQ(status_code(Error::kBodyTooLarge), 413);
  EXPECT_EQ(status_code(Error::kUnsupportedTransferCoding), 501);
  EXPECT_EQ(status_code(Error::kUnsupportedVersion), 505);
  EXPECT_EQ(status_code(Error::kBadStatusLine), 502);
}

TEST(Http1Error, NamesAreUniqueSnakeCase) {
  std::set<std::string_view> names;
  for (int i = 0; i <= static_cast<int>(Error::kStatusLineTooLong); ++i) {
    const std::string_view name = reason_name(static_cast<Error>(i));
    EXPECT_TRUE(names.insert(name).second) << name;
    EXPECT_FALSE(name.empty());
    for (const char c : name)
      EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '_' || (c >= '0' && c <= '9')) << name;
  }
}

}  // namespace
}  // namespace core::http1
