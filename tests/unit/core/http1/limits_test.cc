// The Limits bounds of the request parser: refused with the right status as soon as they
// are crossed, including when the head never ends.
#include <gtest/gtest.h>

#include <string>

#include "core/http1/request_parser.h"
#include "tests/unit/core/http1/http1_test_util.h"

namespace core::http1 {
namespace {

Limits small_limits() {
  Limits limits;
  limits.max_start_line = 64;
  limits.max_head_bytes = 256;
  limits.max_fields = 4;
  limits.max_body = 1000;
  return limits;
}

TEST(Http1Limits, RequestLineTooLongIs414) {
  RequestParser parser(small_limits());
  const std::string text = "GET /" + std::string(60, 'a') + " HTTP/1.1\r\nHost: h\r\n\r\n";
  const auto result = parser.parse(text);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error(), Error::kRequestLineTooLong);
  EXPECT_EQ(status_code(result.error()), 414);
}

TEST(Http1Limits, RequestLineAtTheBoundIsAccepted) {
  RequestParser parser(small_limits());
  const std::string line = "GET /" + std::string(50, 'a') + " HTTP/1.1";
  ASSERT_EQ(line.size(), 64u);
  EXPECT_TRUE(parser.parse(line + "\r\nHost: h\r\n\r\n").value().complete);
}

TEST(Http1Limits, EndlessRequestLineRefusedBeforeItEnds) {
  RequestParser parser(small_limits());
  const std::string text = "GET /" + std::string(60, 'a');  // no CRLF yet
  EXPECT_EQ(parser.parse(text).error(), Error::kRequestLineTooLong);
}

TEST(Http1Limits, HeaderTooLargeWithoutTerminatorIs431) {
  // The client keeps sending one field value and never ends the line, let alone the head.
  RequestParser parser(small_limits());
  std::string text = "GET / HTTP/1.1\r\nHost: h\r\nX-Endless: ";
  std::optional<Error> error;
  while (!error && text.size() < 10'000) {
    text += "xxxxxxxx";
    const auto result = parser.parse(text);
    if (!result) error = result.error();
  }
  EXPECT_EQ(error, Error::kHeaderTooLarge);
  EXPECT_EQ(status_code(error.value_or(Error::kBadRequestLine)), 431);
  // Refused as the buffer reached the bound, not after buffering far beyond it.
  EXPECT_LE(text.size(), small_limits().max_head_bytes + 8);
}

TEST(Http1Limits, HeaderOfManyCompleteLinesWithoutEmptyLineIs431) {
  RequestParser parser(small_limits());
  std::string text = "GET / HTTP/1.1\r\nHost: h\r\n";
  text += "A: " + std::string(300, 'a') + "\r\n";
  EXPECT_EQ(parser.parse(text).error(), Error::kHeaderTooLarge);
}

TEST(Http1Limits, HeadExactlyAtTheBoundIsAccepted) {
  Limits limits = small_limits();
  std::string text = "GET / HTTP/1.1\r\nHost: h\r\nX: ";
  text += std::string(limits.max_head_bytes - text.size() - 4, 'v') + "\r\n\r\n";
  ASSERT_EQ(text.size(), limits.max_head_bytes);
  RequestParser parser(limits);
  EXPECT_TRUE(parser.parse(text).value().complete);
  RequestParser one_more(limits);
  EXPECT_EQ(one_more.parse("\r\n" + text).error(), Error::kHeaderTooLarge);
}

TEST(Http1Limits, TooManyFieldsIs431) {
  RequestParser parser(small_limits());
  const std::string text = "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n";
  const auto result = parser.parse(text);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error(), Error::kTooManyFields);
  EXPECT_EQ(status_code(result.error()), 431);
}

TEST(Http1Limits, ContentLengthOverMaxBodyIs413) {
  RequestParser parser(small_limits());
  const auto result = parser.parse("PUT / HTTP/1.1\r\nHost: h\r\nContent-Length: 1001\r\n\r\n");
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error(), Error::kBodyTooLarge);
  EXPECT_EQ(status_code(result.error()), 413);
  RequestParser at_bound(small_limits());
  EXPECT_TRUE(
      at_bound.parse("PUT / HTTP/1.1\r\nHost: h\r\nContent-Length: 1000\r\n\r\n").value().complete);
}

TEST(Http1Limits, ChunkedBodyOverMaxBodyIs413) {
  RequestParser parser(small_limits());
  const std::string head = "PUT / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n";
  const auto progress = parser.parse(head);
  ASSERT_TRUE(progress.has_value() && progress->complete);
  BodyDecoder body(small_limits());
  body.reset(parser.head().framing);
  const std::string chunk = "1f4\r\n" + std::string(500, 'x') + "\r\n";  // 500 bytes each
  const auto drained = testing::drain(body, chunk + chunk + chunk + "0\r\n\r\n");
  ASSERT_FALSE(drained.has_value());
  EXPECT_EQ(drained.error(), Error::kBodyTooLarge);
  EXPECT_EQ(status_code(drained.error()), 413);
}

}  // namespace
}  // namespace core::http1
