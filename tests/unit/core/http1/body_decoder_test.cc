// BodyDecoder over each framing: spans of the caller's buffer, end detection, and what
// happens when the peer closes early.
#include "core/http1/body_decoder.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/unit/core/http1/http1_test_util.h"

namespace core::http1 {
namespace {

TEST(Http1BodyDecoder, ContentLengthStopsAtItsLength) {
  BodyDecoder body;
  body.reset(BodyFraming::kContentLength, 5);
  const std::string input = "helloGET / HTTP/1.1\r\n";
  const auto step = body.decode(input);
  ASSERT_TRUE(step.has_value());
  EXPECT_EQ(step->data, "hello");
  EXPECT_EQ(step->data.data(), input.data());
  EXPECT_EQ(step->consumed, 5u);
  EXPECT_TRUE(step->done);
  EXPECT_TRUE(body.done());
}

TEST(Http1BodyDecoder, ContentLengthInPieces) {
  BodyDecoder body;
  body.reset(BodyFraming::kContentLength, 6);
  const auto first = body.decode("abc");
  ASSERT_TRUE(first.has_value());
  EXPECT_FALSE(first->done);
  EXPECT_EQ(first->consumed, 3u);
  EXPECT_EQ(body.decode("").value().consumed, 0u);
  const auto second = body.decode("defXYZ");
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->data, "def");
  EXPECT_TRUE(second->done);
  EXPECT_EQ(body.body_size(), 6u);
}

TEST(Http1BodyDecoder, EmptyBodiesAreDoneAtOnce) {
  BodyDecoder body;
  body.reset(BodyFraming::kNone);
  const auto none = body.decode("GET / HTTP/1.1\r\n");
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->done);
  EXPECT_EQ(none->consumed, 0u);
  body.reset(BodyFraming::kContentLength, 0);
  EXPECT_TRUE(body.decode("x").value().done);
  EXPECT_EQ(body.decode("x").value().consumed, 0u);
}

TEST(Http1BodyDecoder, ChunkedThroughBodyDecoder) {
  BodyDecoder body;
  body.reset(BodyFraming::kChunked);
  const auto drained = testing::drain(body, "4\r\nabcd\r\n0\r\nT: v\r\n\r\nrest");
  ASSERT_TRUE(drained.has_value());
  EXPECT_TRUE(drained->done);
  EXPECT_EQ(drained->body, "abcd");
  EXPECT_EQ(body.trailers().find("t"), "v");
  EXPECT_EQ(body.body_size(), 4u);
}

TEST(Http1BodyDecoder, UntilCloseEndsAtFinish) {
  BodyDecoder body;
  body.reset(BodyFraming::kUntilClose);
  const auto step = body.decode("all of it");
  ASSERT_TRUE(step.has_value());
  EXPECT_EQ(step->data, "all of it");
  EXPECT_FALSE(step->done);
  EXPECT_TRUE(body.finish().has_value());
  EXPECT_TRUE(body.done());
}

TEST(Http1BodyDecoder, UntilCloseOverMaxBody) {
  Limits limits;
  limits.max_body = 4;
  BodyDecoder body(limits);
  body.reset(BodyFraming::kUntilClose);
  const auto first = body.decode("abcdef");
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->data, "abcd");
  const auto second = body.decode("ef");
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error(), Error::kBodyTooLarge);
}

TEST(Http1BodyDecoder, CloseBeforeTheEndIsIncomplete) {
  BodyDecoder body;
  body.reset(BodyFraming::kContentLength, 10);
  ASSERT_TRUE(body.decode("abc").has_value());
  EXPECT_EQ(body.finish().error(), Error::kIncompleteMessage);
  body.reset(BodyFraming::kChunked);
  ASSERT_TRUE(body.decode("5\r\nab").has_value());
  EXPECT_EQ(body.finish().error(), Error::kIncompleteMessage);
  body.reset(BodyFraming::kContentLength, 2);
  ASSERT_TRUE(body.decode("ab").value().done);
  EXPECT_TRUE(body.finish().has_value());
}

}  // namespace
}  // namespace core::http1
