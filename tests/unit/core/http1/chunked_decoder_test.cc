// ChunkedDecoder: data spans in the caller's buffer, extensions, trailers, incremental input,
// and every malformed framing it must refuse.
#include "core/http1/chunked_decoder.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>

namespace core::http1 {
namespace {

struct Decoded {
  std::string body;
  size_t consumed = 0;
  bool done = false;
};

// Decodes `input` presented in prefixes growing by `step` bytes (0: all at once).
std::expected<Decoded, Error> decode_all(ChunkedDecoder& decoder, std::string_view input,
                                         size_t step = 0) {
  Decoded out;
  size_t available = step == 0 ? input.size() : std::min(step, input.size());
  for (;;) {
    auto result = decoder.decode(input.substr(out.consumed, available - out.consumed));
    if (!result) return std::unexpected(result.error());
    out.body.append(result->data);
    out.consumed += result->consumed;
    out.done = result->done;
    if (result->done) return out;
    if (result->consumed == 0) {
      if (available == input.size()) return out;
      available = std::min(input.size(), available + (step == 0 ? input.size() : step));
    }
  }
}

TEST(Http1ChunkedDecoder, DecodesChunksAndStopsAtTheEnd) {
  const std::string input = "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\nGET /next";
  ChunkedDecoder decoder;
  const auto decoded = decode_all(decoder, input);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_TRUE(decoded->done);
  EXPECT_EQ(decoded->body, "hello world");
  EXPECT_EQ(decoded->consumed, input.size() - 9);
  EXPECT_EQ(decoder.body_size(), 11u);
  EXPECT_TRUE(decoder.trailers().empty());
}

TEST(Http1ChunkedDecoder, DataIsAViewIntoTheInput) {
  const std::string input = "3\r\nabc\r\n";
  ChunkedDecoder decoder;
  const auto step = decoder.decode(input);
  ASSERT_TRUE(step.has_value());
  EXPECT_EQ(step->data, "abc");
  EXPECT_EQ(step->data.data(), input.data() + 3);
  EXPECT_EQ(step->consumed, 6u);
}

TEST(Http1ChunkedDecoder, ByteAtATimeMatchesWhole) {
  const std::string input =
      "1A;name=\"quoted value\"\r\nabcdefghijklmnopqrstuvwxyz\r\n"
      "2 ; x\r\nAB\r\n0\r\nDigest: sha-256=x\r\nX-Count:  7 \r\n\r\n";
  ChunkedDecoder whole;
  const auto expected = decode_all(whole, input);
  ChunkedDecoder slow;
  const auto bytewise = decode_all(slow, input, 1);
  ASSERT_TRUE(expected.has_value() && bytewise.has_value());
  EXPECT_TRUE(bytewise->done);
  EXPECT_EQ(bytewise->body, "abcdefghijklmnopqrstuvwxyzAB");
  EXPECT_EQ(bytewise->body, expected->body);
  EXPECT_EQ(bytewise->consumed, input.size());
  ASSERT_EQ(slow.trailers().size(), 2u);
  EXPECT_EQ(slow.trailers().find("digest"), "sha-256=x");
  EXPECT_EQ(slow.trailers().find("x-count"), "7");
}

TEST(Http1ChunkedDecoder, NeedsMoreUntilTheTrailerSectionEnds) {
  ChunkedDecoder decoder;
  const auto first = decoder.decode("0\r\nX: 1\r\n");
  ASSERT_TRUE(first.has_value());
  EXPECT_FALSE(first->done);
  EXPECT_EQ(first->consumed, 3u);  // the trailer is not consumed until it is complete
  const auto again = decoder.decode("X: 1\r\n");
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->consumed, 0u);
  const auto last = decoder.decode("X: 1\r\n\r\n");
  ASSERT_TRUE(last.has_value());
  EXPECT_TRUE(last->done);
  EXPECT_EQ(last->consumed, 8u);
  EXPECT_EQ(decoder.trailers().find("x"), "1");
}

TEST(Http1ChunkedDecoder, ResetStartsANewBody) {
  ChunkedDecoder decoder;
  ASSERT_TRUE(decode_all(decoder, "1\r\na\r\n0\r\n\r\n").value().done);
  decoder.reset();
  const auto again = decode_all(decoder, "2\r\nbc\r\n0\r\n\r\n");
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->body, "bc");
  EXPECT_EQ(decoder.body_size(), 2u);
}

struct BadChunked {
  const char* name;
  std::string input;
  Error error;
};

// Failures name the case instead of dumping its bytes (GoogleTest looks up this name).
// NOLINTNEXTLINE(readability-identifier-naming)
void PrintTo(const BadChunked& bad, std::ostream* os) {
  *os << bad.name;
}

const BadChunked kBadChunked[] = {
    {"SizeOverflow", "10000000000000000\r\n", Error::kBadChunkSize},
    {"SizeMissing", "\r\nabc\r\n", Error::kBadChunkSize},
    {"SizeNotHex", "g\r\n", Error::kBadChunkSize},
    {"SizeWithSign", "+5\r\nhello\r\n", Error::kBadChunkSize},
    {"SizeWith0xPrefix", "0x5\r\nhello\r\n", Error::kBadChunkSize},
    {"SizeLineBareLf", "5\nhello\r\n", Error::kBareLf},
    {"SizeLineBareCr", "5\rhello\r\n", Error::kBareCr},
    {"SpaceWithoutExtension", "5 \r\nhello\r\n0\r\n\r\n", Error::kBadChunkExtension},
    {"ControlInExtension", "5;a=\x01\r\nhello\r\n", Error::kBadChunkExtension},
    {"ExtensionTooLong", "5;" + std::string(2000, 'e') + "\r\nhello\r\n", Error::kChunkLineTooLong},
    {"LeadingZerosTooLong", std::string(1100, '0') + "5\r\nhello\r\n", Error::kChunkLineTooLong},
    {"DataNotFollowedByCrlf", "3\r\nabcX\r\n0\r\n\r\n", Error::kBadChunkTerminator},
    {"DataFollowedByLfOnly", "3\r\nabc\n0\r\n\r\n", Error::kBadChunkTerminator},
    {"DataLongerThanSize", "3\r\nabcd\r\n", Error::kBadChunkTerminator},
    {"TrailerTooLarge", "0\r\nX: " + std::string(9000, 'x') + "\r\n\r\n", Error::kTrailerTooLarge},
    {"TrailerNeverEnds", "0\r\nX: " + std::string(9000, 'x'), Error::kTrailerTooLarge},
    {"TrailerObsFold", "0\r\nX: a\r\n b\r\n\r\n", Error::kObsFold},
    {"TrailerSpaceBeforeColon", "0\r\nX : a\r\n\r\n", Error::kSpaceBeforeColon},
    {"TrailerNul", std::string("0\r\nX: a\0\r\n\r\n", 12), Error::kBadFieldValue},
    {"TrailerBareLf", "0\r\nX: a\n\r\n", Error::kBareLf},
    {"BodyOverLimit", "4000001\r\n", Error::kBodyTooLarge},
};

class Http1ChunkedErrors : public ::testing::TestWithParam<BadChunked> {};

TEST_P(Http1ChunkedErrors, Refused) {
  const BadChunked& bad = GetParam();
  ChunkedDecoder whole;
  const auto result = decode_all(whole, bad.input);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error(), bad.error) << reason_name(result.error());
  EXPECT_EQ(whole.decode("0\r\n\r\n").error(), bad.error);  // final
  ChunkedDecoder slow;
  const auto bytewise = decode_all(slow, bad.input, 1);
  ASSERT_FALSE(bytewise.has_value());
  EXPECT_EQ(bytewise.error(), bad.error);
}

INSTANTIATE_TEST_SUITE_P(Framing, Http1ChunkedErrors, ::testing::ValuesIn(kBadChunked),
                         [](const auto& test) { return std::string(test.param.name); });

TEST(Http1ChunkedDecoder, TooManyTrailerFields) {
  Limits limits;
  limits.max_fields = 2;
  ChunkedDecoder decoder(limits);
  const auto result = decode_all(decoder, "0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n");
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error(), Error::kTrailerTooLarge);
  EXPECT_EQ(status_code(result.error()), 431);
}

}  // namespace
}  // namespace core::http1
