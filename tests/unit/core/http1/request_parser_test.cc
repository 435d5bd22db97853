// Valid requests through RequestParser: fields, pipelining, incremental feeding, connection
// persistence, Expect and the h2c upgrade.
#include "core/http1/request_parser.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "tests/unit/core/http1/http1_test_util.h"

namespace core::http1 {
namespace {

TEST(Http1RequestParser, GetWithSeveralFields) {
  const std::string text =
      "GET /v/v42/360p/seg_0.m4s?token=a%20b HTTP/1.1\r\n"
      "Host: edge.example:8081\r\n"
      "User-Agent:   hls.js/1.5  \r\n"
      "Accept: */*\r\n"
      "X-Empty:\r\n"
      "\r\n";
  RequestParser parser;
  const auto progress = parser.parse(text);
  ASSERT_TRUE(progress.has_value());
  EXPECT_TRUE(progress->complete);
  EXPECT_EQ(progress->consumed, text.size());
  const RequestHead& head = parser.head();
  EXPECT_EQ(head.method, Method::kGet);
  EXPECT_EQ(head.method_name, "GET");
  EXPECT_EQ(head.target, "/v/v42/360p/seg_0.m4s?token=a%20b");
  EXPECT_EQ(head.target_form, TargetForm::kOrigin);
  EXPECT_EQ(head.version_minor, 1);
  EXPECT_EQ(head.host, "edge.example:8081");
  ASSERT_EQ(head.fields.size(), 4u);
  EXPECT_EQ(head.fields[1].name, "User-Agent");
  EXPECT_EQ(head.fields[1].value, "hls.js/1.5");
  EXPECT_EQ(head.fields.find("user-agent"), "hls.js/1.5");
  EXPECT_EQ(head.fields.find("X-EMPTY"), "");
  EXPECT_FALSE(head.fields.find("cookie").has_value());
  EXPECT_EQ(head.framing, BodyFraming::kNone);
  EXPECT_TRUE(head.keep_alive);
  EXPECT_FALSE(head.expect_continue);
  EXPECT_FALSE(head.upgrade_h2c);
}

TEST(Http1RequestParser, ManyFieldsSpillPastInlineStorage) {
  std::string text = "GET / HTTP/1.1\r\nHost: h\r\n";
  for (int i = 0; i < 40; ++i)
    text += "X-F" + std::to_string(i) + ": v" + std::to_string(i) + "\r\n";
  text += "\r\n";
  RequestParser parser;
  ASSERT_TRUE(parser.parse(text).value().complete);
  ASSERT_EQ(parser.head().fields.size(), 41u);
  EXPECT_EQ(parser.head().fields[40].name, "X-F39");
  EXPECT_EQ(parser.head().fields[40].value, "v39");
  EXPECT_EQ(parser.head().fields.find("x-f20"), "v20");
}

// The field storage is reused after reset(); nothing of one request may leak into the next.
TEST(Http1RequestParser, ResetReusesFieldStorage) {
  RequestParser parser;
  for (int round = 0; round < 3; ++round) {
    const int count = round == 1 ? 5 : 30 + round;
    std::string text = "GET /r" + std::to_string(round) + " HTTP/1.1\r\nHost: h\r\n";
    for (int i = 0; i < count; ++i) {
      text += "X-R" + std::to_string(round) + "-" + std::to_string(i) + ": " + std::to_string(i) +
              "\r\n";
    }
    text += "\r\n";
    ASSERT_TRUE(parser.parse(text).value().complete);
    const HeaderFields& fields = parser.head().fields;
    ASSERT_EQ(fields.size(), static_cast<size_t>(count) + 1);
    EXPECT_EQ(fields[count].name, "X-R" + std::to_string(round) + "-" + std::to_string(count - 1));
    EXPECT_EQ(fields[count].value, std::to_string(count - 1));
    EXPECT_EQ(fields.count("x-r0-0"), round == 0 ? 1u : 0u);
    parser.reset();
  }
}

TEST(Http1RequestParser, PipelinedRequestsInOneBuffer) {
  const std::string text =
      "GET /a HTTP/1.1\r\nHost: h\r\n\r\n"
      "POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
      "PUT /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
      "GET /d HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n";
  RequestParser parser;
  BodyDecoder body;
  std::string_view rest = text;
  std::vector<std::string> seen;
  while (!rest.empty()) {
    const auto progress = parser.parse(rest);
    ASSERT_TRUE(progress.has_value());
    ASSERT_TRUE(progress->complete);
    std::string entry(parser.head().target);
    rest.remove_prefix(progress->consumed);
    body.reset(parser.head().framing, parser.head().content_length);
    const auto drained = testing::drain(body, rest);
    ASSERT_TRUE(drained.has_value());
    ASSERT_TRUE(drained->done);
    entry += "=" + drained->body + (parser.head().keep_alive ? "" : " close");
    rest.remove_prefix(drained->consumed);
    seen.push_back(entry);
    parser.reset();
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"/a=", "/b=hello", "/c=abc", "/d= close"}));
}

TEST(Http1RequestParser, ByteAtATimeMatchesWhole) {
  const std::string text =
      "\r\nPOST /api/events HTTP/1.1\r\nHost: origin\r\nContent-Length: 2\r\nX-A: b\r\n\r\n{}";
  RequestParser whole;
  const auto expected = whole.parse(text);
  ASSERT_TRUE(expected.has_value() && expected->complete);
  RequestParser slow;
  const auto progress = testing::parse_bytewise(slow, text);
  ASSERT_TRUE(progress.has_value());
  EXPECT_TRUE(progress->complete);
  EXPECT_EQ(progress->consumed, expected->consumed);
  EXPECT_EQ(progress->consumed, text.size() - 2);
  EXPECT_EQ(slow.head().target, "/api/events");
  EXPECT_EQ(slow.head().content_length, 2u);
  EXPECT_EQ(slow.head().fields.find("x-a"), "b");
}

TEST(Http1RequestParser, IncompleteHeadSurvivesTheBufferMoving) {
  const std::string text = "GET /moved HTTP/1.1\r\nHost: h\r\nX-Long: abcdef\r\n\r\n";
  RequestParser parser;
  std::string first(text.substr(0, 35));
  ASSERT_FALSE(parser.parse(first).value().complete);
  first.assign(60, 'z');  // the old bytes are gone; a new buffer holds them again
  const std::string second(text.begin(), text.end());
  ASSERT_TRUE(parser.parse(second).value().complete);
  EXPECT_EQ(parser.head().target, "/moved");
  EXPECT_EQ(parser.head().fields.find("x-long"), "abcdef");
}

// A slow client must cost time linear in its bytes: 256 KiB of head fed one byte per call
// would take minutes if each call rescanned from the start of the head or of the line.
TEST(Http1RequestParser, ByteAtATimeIsLinear) {
  Limits limits;
  limits.max_head_bytes = size_t{512} * 1024;
  limits.max_fields = 10'000;
  std::string text = "GET / HTTP/1.1\r\nHost: h\r\n";
  while (text.size() < size_t{128} * 1024)
    text += "X-Filler: " + std::string(100, 'f') + "\r\n";
  text += "X-Long: " + std::string(size_t{128} * 1024, 'l') + "\r\n\r\n";
  RequestParser parser(limits);
  const auto start = std::chrono::steady_clock::now();
  const auto progress = testing::parse_bytewise(parser, text);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(progress.has_value());
  EXPECT_TRUE(progress->complete);
  EXPECT_EQ(parser.head().fields.find("x-long")->size(), size_t{128} * 1024);
  EXPECT_LT(elapsed, std::chrono::seconds(3));
}

TEST(Http1RequestParser, Http10DefaultsToClose) {
  RequestParser parser;
  ASSERT_TRUE(parser.parse("GET / HTTP/1.0\r\n\r\n").value().complete);
  EXPECT_EQ(parser.head().version_minor, 0);
  EXPECT_FALSE(parser.head().keep_alive);
  EXPECT_FALSE(parser.head().host.has_value());
}

TEST(Http1RequestParser, Http10KeepAlive) {
  RequestParser parser;
  ASSERT_TRUE(
      parser.parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\nHost: h\r\n\r\n").value().complete);
  EXPECT_TRUE(parser.head().keep_alive);
}

TEST(Http1RequestParser, Http11ConnectionClose) {
  RequestParser parser;
  ASSERT_TRUE(
      parser.parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: foo, close\r\n\r\n").value().complete);
  EXPECT_FALSE(parser.head().keep_alive);
}

TEST(Http1RequestParser, ExpectContinue) {
  RequestParser parser;
  ASSERT_TRUE(parser
                  .parse("PUT /u HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\n"
                         "Content-Length: 10\r\n\r\n")
                  .value()
                  .complete);
  EXPECT_TRUE(parser.head().expect_continue);
  EXPECT_EQ(parser.head().framing, BodyFraming::kContentLength);
  EXPECT_EQ(parser.head().content_length, 10u);
}

TEST(Http1RequestParser, ExpectIgnoredInHttp10) {
  RequestParser parser;
  ASSERT_TRUE(parser.parse("PUT /u HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n")
                  .value()
                  .complete);
  EXPECT_FALSE(parser.head().expect_continue);
}

TEST(Http1RequestParser, H2cUpgrade) {
  RequestParser parser;
  ASSERT_TRUE(parser
                  .parse("GET / HTTP/1.1\r\nHost: edge\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                         "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n")
                  .value()
                  .complete);
  EXPECT_TRUE(parser.head().upgrade_h2c);
  EXPECT_EQ(parser.head().http2_settings, "AAMAAABkAARAAAAAAAIAAAAA");
}

TEST(Http1RequestParser, H2cNeedsConnectionOptionsAndOneSettingsField) {
  const char* const kNotUpgrades[] = {
      // Connection does not name HTTP2-Settings.
      "GET / HTTP/1.1\r\nHost: e\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n"
      "HTTP2-Settings: AAMA\r\n\r\n",
      // Two settings fields.
      "GET / HTTP/1.1\r\nHost: e\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
      "HTTP2-Settings: AAMA\r\nHTTP2-Settings: AAMA\r\n\r\n",
      // Another protocol.
      "GET / HTTP/1.1\r\nHost: e\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: websocket\r\n"
      "HTTP2-Settings: AAMA\r\n\r\n",
      // Not base64url.
      "GET / HTTP/1.1\r\nHost: e\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
      "HTTP2-Settings: AA+A\r\n\r\n",
  };
  for (const char* text : kNotUpgrades) {
    RequestParser parser;
    ASSERT_TRUE(parser.parse(text).value().complete) << text;
    EXPECT_FALSE(parser.head().upgrade_h2c) << text;
  }
}

TEST(Http1RequestParser, TargetForms) {
  struct Case {
    const char* line;
    TargetForm form;
    Method method;
  };
  const Case kCases[] = {
      {"OPTIONS * HTTP/1.1", TargetForm::kAsterisk, Method::kOptions},
      {"CONNECT origin.example:443 HTTP/1.1", TargetForm::kAuthority, Method::kConnect},
      {"CONNECT [::1]:8443 HTTP/1.1", TargetForm::kAuthority, Method::kConnect},
      {"GET http://edge.example/v/a/master.m3u8 HTTP/1.1", TargetForm::kAbsolute, Method::kGet},
      {"PURGE /v/a/ HTTP/1.1", TargetForm::kOrigin, Method::kOther},
  };
  for (const Case& c : kCases) {
    RequestParser parser;
    const std::string text = std::string(c.line) + "\r\nHost: h\r\n\r\n";
    ASSERT_TRUE(parser.parse(text).value().complete) << c.line;
    EXPECT_EQ(parser.head().target_form, c.form) << c.line;
    EXPECT_EQ(parser.head().method, c.method) << c.line;
  }
}

TEST(Http1RequestParser, SkipsLeadingEmptyLinesUpToTheBound) {
  Limits limits;
  limits.max_leading_empty_lines = 2;
  RequestParser parser(limits);
  const std::string text = "\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n";
  const auto progress = parser.parse(text);
  ASSERT_TRUE(progress.has_value());
  EXPECT_EQ(progress->consumed, text.size());
  RequestParser strict(limits);
  EXPECT_EQ(strict.parse("\r\n" + text).error(), Error::kBadRequestLine);
}

TEST(Http1RequestParser, RepeatedIdenticalContentLengthsFold) {
  RequestParser parser;
  ASSERT_TRUE(parser
                  .parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 7, 7\r\n"
                         "Content-Length: 007\r\n\r\n")
                  .value()
                  .complete);
  EXPECT_EQ(parser.head().content_length, 7u);
}

TEST(Http1RequestParser, ChunkedIsCaseInsensitive) {
  RequestParser parser;
  ASSERT_TRUE(parser.parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r\n")
                  .value()
                  .complete);
  EXPECT_EQ(parser.head().framing, BodyFraming::kChunked);
}

TEST(Http1RequestParser, ResetAfterErrorAcceptsANewRequest) {
  RequestParser parser;
  ASSERT_FALSE(parser.parse("GET / HTTP/1.1\nHost: h\n\n").has_value());
  EXPECT_EQ(parser.parse("GET / HTTP/1.1\r\nHost: h\r\n\r\n").error(), Error::kBareLf);
  parser.reset();
  EXPECT_TRUE(parser.parse("GET / HTTP/1.1\r\nHost: h\r\n\r\n").value().complete);
}

}  // namespace
}  // namespace core::http1
