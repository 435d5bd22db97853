// Every request rule of the parser, broken once: each case names the input, the error it
// must produce and the status the server answers with. Each input is also fed byte by byte,
// which must reach the same verdict.
#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "core/http1/http1_error.h"
#include "core/http1/request_parser.h"
#include "tests/unit/core/http1/http1_test_util.h"

namespace core::http1 {
namespace {

using std::string_literals::operator""s;

struct BadRequest {
  const char* name;
  std::string text;
  Error error;
  uint16_t status;
};

// Failures name the case instead of dumping its bytes (GoogleTest looks up this name).
// NOLINTNEXTLINE(readability-identifier-naming)
void PrintTo(const BadRequest& bad, std::ostream* os) {
  *os << bad.name;
}

std::string head_with(const std::string& fields) {
  return "POST /u HTTP/1.1\r\nHost: h\r\n" + fields + "\r\n";
}

const BadRequest kBadRequests[] = {
    {"ContentLengthWithTransferEncoding",
     head_with("Content-Length: 4\r\nTransfer-Encoding: chunked\r\n"),
     Error::kContentLengthWithTransferEncoding, 400},
    {"TransferEncodingChunkedNotLast", head_with("Transfer-Encoding: chunked, gzip\r\n"),
     Error::kBadTransferEncoding, 400},
    {"TransferEncodingWithoutChunked", head_with("Transfer-Encoding: gzip\r\n"),
     Error::kBadTransferEncoding, 400},
    {"TransferEncodingChunkedTwice",
     head_with("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n"),
     Error::kBadTransferEncoding, 400},
    {"TransferEncodingEmpty", head_with("Transfer-Encoding:\r\n"), Error::kBadTransferEncoding,
     400},
    {"TransferEncodingEmptyElement", head_with("Transfer-Encoding: chunked,\r\n"),
     Error::kBadTransferEncoding, 400},
    {"TransferEncodingChunkedWithParameter", head_with("Transfer-Encoding: chunked;q=1\r\n"),
     Error::kBadTransferEncoding, 400},
    {"TransferEncodingUnknownCodingBeforeChunked",
     head_with("Transfer-Encoding: gzip, chunked\r\n"), Error::kUnsupportedTransferCoding, 501},
    {"TransferEncodingInHttp10", "POST /u HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
     Error::kTransferEncodingInHttp10, 400},
    {"ContentLengthDiffersAcrossFields", head_with("Content-Length: 5\r\nContent-Length: 6\r\n"),
     Error::kBadContentLength, 400},
    {"ContentLengthDiffersInOneField", head_with("Content-Length: 5, 6\r\n"),
     Error::kBadContentLength, 400},
    {"ContentLengthPlusSign", head_with("Content-Length: +5\r\n"), Error::kBadContentLength, 400},
    {"ContentLengthMinusSign", head_with("Content-Length: -1\r\n"), Error::kBadContentLength, 400},
    {"ContentLengthInnerSpace", head_with("Content-Length: 1 0\r\n"), Error::kBadContentLength,
     400},
    {"ContentLengthEmpty", head_with("Content-Length: \r\n"), Error::kBadContentLength, 400},
    {"ContentLengthHex", head_with("Content-Length: 0x10\r\n"), Error::kBadContentLength, 400},
    {"ContentLengthOverflow", head_with("Content-Length: 18446744073709551616\r\n"),
     Error::kBadContentLength, 400},
    {"ObsFold", head_with("X-A: one\r\n two\r\n"), Error::kObsFold, 400},
    {"WhitespaceLineAfterRequestLine", "GET / HTTP/1.1\r\n Host: h\r\n\r\n", Error::kObsFold, 400},
    {"SpaceBeforeColon", "GET / HTTP/1.1\r\nHost : h\r\n\r\n", Error::kSpaceBeforeColon, 400},
    {"TabBeforeColon", head_with("Content-Length\t: 1\r\n"), Error::kSpaceBeforeColon, 400},
    {"BareCrInField", "GET / HTTP/1.1\r\nHost: h\rX: y\r\n\r\n", Error::kBareCr, 400},
    {"BareCrInRequestLine", "GET /\r HTTP/1.1\r\nHost: h\r\n\r\n", Error::kBareCr, 400},
    {"BareLfAfterRequestLine", "GET / HTTP/1.1\nHost: h\r\n\r\n", Error::kBareLf, 400},
    {"BareLfEndingHead", "GET / HTTP/1.1\r\nHost: h\r\n\n", Error::kBareLf, 400},
    {"NulInValue", "GET / HTTP/1.1\r\nHost: h\r\nX: a\0b\r\n\r\n"s, Error::kBadFieldValue, 400},
    {"ControlCharInValue", "GET / HTTP/1.1\r\nHost: h\r\nX: a\x01z\r\n\r\n", Error::kBadFieldValue,
     400},
    {"DeleteCharInValue", "GET / HTTP/1.1\r\nHost: h\r\nX: a\x7fz\r\n\r\n", Error::kBadFieldValue,
     400},
    {"ControlCharInName", "GET / HTTP/1.1\r\nHost: h\r\nX\x01Y: z\r\n\r\n", Error::kBadFieldName,
     400},
    {"EmptyFieldName", "GET / HTTP/1.1\r\nHost: h\r\n: z\r\n\r\n", Error::kBadFieldName, 400},
    {"FieldLineWithoutColon", "GET / HTTP/1.1\r\nHost: h\r\nJunk\r\n\r\n", Error::kBadFieldName,
     400},
    {"MissingHost", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", Error::kMissingHost, 400},
    {"TwoHosts", "GET / HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n", Error::kDuplicateHost, 400},
    {"HostWithSlash", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", Error::kBadHost, 400},
    {"HostWithUserinfo", "GET / HTTP/1.1\r\nHost: u@a\r\n\r\n", Error::kBadHost, 400},
    {"Http2RequestLine", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", Error::kUnsupportedVersion, 505},
    {"Http12RequestLine", "GET / HTTP/1.2\r\nHost: h\r\n\r\n", Error::kUnsupportedVersion, 505},
    {"LowercaseVersion", "GET / http/1.1\r\nHost: h\r\n\r\n", Error::kBadRequestLine, 400},
    {"VersionWithTwoDigits", "GET / HTTP/1.10\r\nHost: h\r\n\r\n", Error::kBadRequestLine, 400},
    {"DoubleSpaceInRequestLine", "GET  / HTTP/1.1\r\nHost: h\r\n\r\n", Error::kBadRequestLine, 400},
    {"TrailingSpaceInRequestLine", "GET / HTTP/1.1 \r\nHost: h\r\n\r\n", Error::kBadRequestLine,
     400},
    {"MissingVersion", "GET /\r\nHost: h\r\n\r\n", Error::kBadRequestLine, 400},
    {"MethodNotAToken", "G(T / HTTP/1.1\r\nHost: h\r\n\r\n", Error::kBadRequestLine, 400},
    {"TargetWithObsText", "GET /\xe9t\xe9 HTTP/1.1\r\nHost: h\r\n\r\n", Error::kBadRequestTarget,
     400},
    {"TargetWithFragment", "GET /a#b HTTP/1.1\r\nHost: h\r\n\r\n", Error::kBadRequestTarget, 400},
    {"AsteriskWithGet", "GET * HTTP/1.1\r\nHost: h\r\n\r\n", Error::kBadRequestTarget, 400},
    {"AuthorityFormWithGet", "GET h:80 HTTP/1.1\r\nHost: h\r\n\r\n", Error::kBadRequestTarget, 400},
    {"ConnectWithoutPort", "CONNECT h HTTP/1.1\r\nHost: h\r\n\r\n", Error::kBadRequestTarget, 400},
    {"TooManyLeadingEmptyLines", "\r\n\r\n\r\n\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n",
     Error::kBadRequestLine, 400},
    {"ConnectionOptionNotAToken", "GET / HTTP/1.1\r\nHost: h\r\nConnection: a b\r\n\r\n",
     Error::kBadConnection, 400},
    {"ContentLengthOverBodyLimit", head_with("Content-Length: 67108865\r\n"), Error::kBodyTooLarge,
     413},
};

class Http1RequestErrors : public ::testing::TestWithParam<BadRequest> {};

TEST_P(Http1RequestErrors, RefusedWithStatus) {
  const BadRequest& bad = GetParam();
  RequestParser parser;
  const auto whole = parser.parse(bad.text);
  ASSERT_FALSE(whole.has_value());
  EXPECT_EQ(whole.error(), bad.error) << reason_name(whole.error());
  EXPECT_EQ(status_code(whole.error()), bad.status);
  // The error is final.
  EXPECT_EQ(parser.parse(bad.text).error(), bad.error);

  RequestParser slow;
  const auto bytewise = testing::parse_bytewise(slow, bad.text);
  ASSERT_FALSE(bytewise.has_value());
  EXPECT_EQ(bytewise.error(), bad.error);
}

INSTANTIATE_TEST_SUITE_P(Rules, Http1RequestErrors, ::testing::ValuesIn(kBadRequests),
                         [](const auto& test) { return std::string(test.param.name); });

}  // namespace
}  // namespace core::http1
