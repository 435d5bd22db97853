// ResponseParser: status lines, framing per RFC 9112 6.3, and the field rules it shares
// with the request parser.
#include "core/http1/response_parser.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "tests/unit/core/http1/http1_test_util.h"

namespace core::http1 {
namespace {

using std::string_literals::operator""s;

// The head's views point into `text`, which the callers keep alive (string literals).
std::expected<ResponseHead, Error> parse_response(std::string_view text,
                                                  Method method = Method::kGet) {
  ResponseParser parser;
  parser.reset(method);
  const auto progress = parser.parse(text);
  if (!progress) return std::unexpected(progress.error());
  EXPECT_TRUE(progress->complete) << text;
  ResponseParser slow;
  slow.reset(method);
  const auto bytewise = testing::parse_bytewise(slow, text);
  EXPECT_TRUE(bytewise.has_value() && bytewise->consumed == progress->consumed) << text;
  return parser.head();
}

TEST(Http1ResponseParser, StatusLineAndFields) {
  const std::string text =
      "HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: 3\r\n"
      "Cache-Control: public, max-age=31536000, immutable\r\n\r\nabc";
  ResponseParser parser;
  const auto progress = parser.parse(text);
  ASSERT_TRUE(progress.has_value() && progress->complete);
  EXPECT_EQ(progress->consumed, text.size() - 3);
  const ResponseHead& head = parser.head();
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.reason, "OK");
  EXPECT_EQ(head.version_minor, 1);
  EXPECT_EQ(head.framing, BodyFraming::kContentLength);
  EXPECT_EQ(head.content_length, 3u);
  EXPECT_TRUE(head.keep_alive);
  EXPECT_EQ(head.fields.find("cache-control"), "public, max-age=31536000, immutable");
}

TEST(Http1ResponseParser, ReasonMayBeEmptyOrAbsent) {
  const auto with_space = parse_response("HTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n");
  ASSERT_TRUE(with_space.has_value());
  EXPECT_EQ(with_space->status, 404);
  EXPECT_EQ(with_space->reason, "");
  const auto without = parse_response("HTTP/1.1 503\r\nContent-Length: 0\r\n\r\n");
  ASSERT_TRUE(without.has_value());
  EXPECT_EQ(without->status, 503);
  const auto long_reason = parse_response("HTTP/1.0 500 Internal\tServer  Error\r\n\r\n");
  ASSERT_TRUE(long_reason.has_value());
  EXPECT_EQ(long_reason->reason, "Internal\tServer  Error");
}

TEST(Http1ResponseParser, NoBodyForHeadRequests) {
  const auto head =
      parse_response("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", Method::kHead);
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->framing, BodyFraming::kNone);
  EXPECT_TRUE(head->keep_alive);
}

TEST(Http1ResponseParser, NoBodyFor1xx204And304) {
  for (const char* text :
       {"HTTP/1.1 100 Continue\r\n\r\n", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n",
        "HTTP/1.1 204 No Content\r\n\r\n",
        "HTTP/1.1 304 Not Modified\r\nContent-Length: 500\r\n\r\n"}) {
    const auto head = parse_response(text);
    ASSERT_TRUE(head.has_value()) << text;
    EXPECT_EQ(head->framing, BodyFraming::kNone) << text;
    EXPECT_TRUE(head->keep_alive) << text;
  }
  EXPECT_TRUE(parse_response("HTTP/1.1 103 Early Hints\r\n\r\n").value().interim());
  EXPECT_FALSE(parse_response("HTTP/1.1 204 No Content\r\n\r\n").value().interim());
}

TEST(Http1ResponseParser, ConnectSuccessIsATunnel) {
  const auto head = parse_response("HTTP/1.1 200 Connection Established\r\n\r\n", Method::kConnect);
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->framing, BodyFraming::kNone);
  const auto refused = parse_response("HTTP/1.1 407 Proxy\r\n\r\n", Method::kConnect);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->framing, BodyFraming::kUntilClose);
}

TEST(Http1ResponseParser, Chunked) {
  const auto head = parse_response("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->framing, BodyFraming::kChunked);
}

TEST(Http1ResponseParser, ReadUntilCloseWithoutLength) {
  const auto head = parse_response("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n");
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->framing, BodyFraming::kUntilClose);
  EXPECT_FALSE(head->keep_alive);
}

TEST(Http1ResponseParser, Http10Persistence) {
  EXPECT_FALSE(parse_response("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").value().keep_alive);
  EXPECT_TRUE(
      parse_response("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n")
          .value()
          .keep_alive);
  EXPECT_FALSE(parse_response("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
                   .value()
                   .keep_alive);
}

TEST(Http1ResponseParser, InterimThenFinalOnOneConnection) {
  const std::string text =
      "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok";
  ResponseParser parser;
  parser.reset(Method::kPut);
  std::string_view rest = text;
  const auto interim = parser.parse(rest);
  ASSERT_TRUE(interim.has_value() && interim->complete);
  EXPECT_TRUE(parser.head().interim());
  rest.remove_prefix(interim->consumed);
  parser.reset(Method::kPut);
  const auto final_head = parser.parse(rest);
  ASSERT_TRUE(final_head.has_value() && final_head->complete);
  EXPECT_EQ(parser.head().status, 201);
  rest.remove_prefix(final_head->consumed);
  BodyDecoder body;
  body.reset(parser.head().framing, parser.head().content_length);
  const auto drained = testing::drain(body, rest);
  ASSERT_TRUE(drained.has_value());
  EXPECT_EQ(drained->body, "ok");
  EXPECT_TRUE(drained->done);
}

struct BadResponse {
  const char* name;
  std::string text;
  Error error;
};

// Failures name the case instead of dumping its bytes (GoogleTest looks up this name).
// NOLINTNEXTLINE(readability-identifier-naming)
void PrintTo(const BadResponse& bad, std::ostream* os) {
  *os << bad.name;
}

const BadResponse kBadResponses[] = {
    {"LowercaseVersion", "http/1.1 200 OK\r\n\r\n", Error::kBadStatusLine},
    {"Http2Version", "HTTP/2.0 200 OK\r\n\r\n", Error::kUnsupportedVersion},
    {"TwoDigitStatus", "HTTP/1.1 20 OK\r\n\r\n", Error::kBadStatusLine},
    {"FourDigitStatus", "HTTP/1.1 2000 OK\r\n\r\n", Error::kBadStatusLine},
    {"StatusBelow100", "HTTP/1.1 099 Odd\r\n\r\n", Error::kBadStatusLine},
    {"StatusAbove599", "HTTP/1.1 600 Odd\r\n\r\n", Error::kBadStatusLine},
    {"LetterInStatus", "HTTP/1.1 2x0 OK\r\n\r\n", Error::kBadStatusLine},
    {"TabAfterVersion", "HTTP/1.1\t200 OK\r\n\r\n", Error::kBadStatusLine},
    {"ControlInReason", "HTTP/1.1 200 O\x01K\r\n\r\n", Error::kBadStatusLine},
    {"LeadingEmptyLine", "\r\nHTTP/1.1 200 OK\r\n\r\n", Error::kBadStatusLine},
    {"StatusLineTooLong", "HTTP/1.1 200 " + std::string(9000, 'r') + "\r\n\r\n",
     Error::kStatusLineTooLong},
    {"BareLf", "HTTP/1.1 200 OK\nContent-Length: 0\n\n", Error::kBareLf},
    {"BareCr", "HTTP/1.1 200 OK\r\nX: a\rb\r\n\r\n", Error::kBareCr},
    {"ObsFold", "HTTP/1.1 200 OK\r\nX: a\r\n\tb\r\n\r\n", Error::kObsFold},
    {"SpaceBeforeColon", "HTTP/1.1 200 OK\r\nContent-Length : 0\r\n\r\n", Error::kSpaceBeforeColon},
    {"NulInValue", "HTTP/1.1 200 OK\r\nX: a\0b\r\n\r\n"s, Error::kBadFieldValue},
    {"ControlInName", "HTTP/1.1 200 OK\r\nX\x02: a\r\n\r\n", Error::kBadFieldName},
    {"ContentLengthWithTransferEncoding",
     "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n",
     Error::kContentLengthWithTransferEncoding},
    {"DifferingContentLengths", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
     Error::kBadContentLength},
    {"ContentLengthSign", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
     Error::kBadContentLength},
    {"TransferEncodingNotChunkedLast",
     "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", Error::kBadTransferEncoding},
    {"TransferEncodingUnknownBeforeChunked",
     "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
     Error::kUnsupportedTransferCoding},
    {"TransferEncodingInHttp10", "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
     Error::kTransferEncodingInHttp10},
    {"ContentLengthOverMaxBody", "HTTP/1.1 200 OK\r\nContent-Length: 67108865\r\n\r\n",
     Error::kBodyTooLarge},
    {"HeaderNeverEnds", "HTTP/1.1 200 OK\r\nX: " + std::string(40'000, 'x'),
     Error::kHeaderTooLarge},
};

class Http1ResponseErrors : public ::testing::TestWithParam<BadResponse> {};

TEST_P(Http1ResponseErrors, Refused) {
  const BadResponse& bad = GetParam();
  ResponseParser parser;
  const auto result = parser.parse(bad.text);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error(), bad.error) << reason_name(result.error());
  ResponseParser slow;
  const auto bytewise = testing::parse_bytewise(slow, bad.text);
  ASSERT_FALSE(bytewise.has_value());
  EXPECT_EQ(bytewise.error(), bad.error);
}

INSTANTIATE_TEST_SUITE_P(Rules, Http1ResponseErrors, ::testing::ValuesIn(kBadResponses),
                         [](const auto& test) { return std::string(test.param.name); });

}  // namespace
}  // namespace core::http1
