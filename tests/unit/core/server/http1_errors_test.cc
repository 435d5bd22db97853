// Every request the HTTP/1 parser refuses gets the status its error maps to, a small text
// body, `Connection: close`, a closed connection, a counter by reason, and never reaches
// the handler.
#include <gtest/gtest.h>

#include <string>

#include "core/server/server_metrics.h"
#include "tests/unit/core/server/server_test_util.h"

namespace core::server {
namespace {

using namespace std::string_literals;
using testing::TestClient;
using testing::TestServer;

struct BadRequest {
  const char* name;
  std::string bytes;
  int status;
  const char* reason;
};

std::string head_with(std::string_view fields) {
  return "POST /echo HTTP/1.1\r\nHost: h\r\n" + std::string(fields) + "\r\n";
}

std::string chunked(std::string_view body) {
  return head_with("Transfer-Encoding: chunked\r\n") + std::string(body);
}

ServerConfig small_limits() {
  ServerConfig config = testing::test_config();
  config.limits.max_request_line = 100;
  config.limits.max_header_bytes = 1024;
  config.limits.max_headers = 10;
  config.limits.max_request_body = 64;
  return config;
}

std::string many_fields(int n) {
  std::string fields;
  for (int i = 0; i < n; ++i)
    fields += "X-" + std::to_string(i) + ": v\r\n";
  return fields;
}

const BadRequest kBadRequests[] = {
    {"BadRequestLine", "GET  / HTTP/1.1\r\nHost: h\r\n\r\n", 400, "bad_request_line"},
    {"BadRequestTarget", "GET /a#b HTTP/1.1\r\nHost: h\r\n\r\n", 400, "bad_request_target"},
    {"UnsupportedVersion", "GET / HTTP/1.2\r\nHost: h\r\n\r\n", 505, "unsupported_version"},
    {"RequestLineTooLong", "GET /" + std::string(200, 'a') + " HTTP/1.1\r\nHost: h\r\n\r\n", 414,
     "request_line_too_long"},
    {"BareLf", "GET / HTTP/1.1\nHost: h\r\n\r\n", 400, "bare_lf"},
    {"BareCr", "GET / HTTP/1.1\r\nHost: h\rX: y\r\n\r\n", 400, "bare_cr"},
    {"BadFieldName", "GET / HTTP/1.1\r\nHost: h\r\nJunk\r\n\r\n", 400, "bad_field_name"},
    {"SpaceBeforeColon", "GET / HTTP/1.1\r\nHost : h\r\n\r\n", 400, "space_before_colon"},
    {"ObsFold", "GET / HTTP/1.1\r\nHost: h\r\nX-A: one\r\n two\r\n\r\n", 400, "obs_fold"},
    {"NulInValue", "GET / HTTP/1.1\r\nHost: h\r\nX: a\0b\r\n\r\n"s, 400, "bad_field_value"},
    {"HeaderTooLarge", "GET / HTTP/1.1\r\nHost: h\r\nX: " + std::string(2000, 'v') + "\r\n\r\n",
     431, "header_too_large"},
    {"TooManyFields", "GET / HTTP/1.1\r\nHost: h\r\n" + many_fields(20) + "\r\n", 431,
     "too_many_fields"},
    {"MissingHost", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", 400, "missing_host"},
    {"DuplicateHost", "GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", 400, "duplicate_host"},
    {"BadHost", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", 400, "bad_host"},
    {"BadContentLength", head_with("Content-Length: 1 0\r\n"), 400, "bad_content_length"},
    {"BadTransferEncoding", head_with("Transfer-Encoding: chunked, gzip\r\n"), 400,
     "bad_transfer_encoding"},
    {"UnsupportedTransferCoding", head_with("Transfer-Encoding: gzip, chunked\r\n"), 501,
     "unsupported_transfer_coding"},
    {"ContentLengthWithTransferEncoding",
     head_with("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n"), 400,
     "content_length_with_te"},
    {"TransferEncodingInHttp10", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
     400, "transfer_encoding_in_http10"},
    {"BadConnection", "GET / HTTP/1.1\r\nHost: h\r\nConnection: a b\r\n\r\n", 400,
     "bad_connection"},
    {"ContentLengthOverLimit", head_with("Content-Length: 65\r\n"), 413, "body_too_large"},
    {"ChunkedOverLimit", chunked("41\r\n" + std::string(65, 'x') + "\r\n0\r\n\r\n"), 413,
     "body_too_large"},
    {"BadChunkSize", chunked("zz\r\n"), 400, "bad_chunk_size"},
    {"BadChunkExtension", chunked("5;\x01\r\nhello\r\n0\r\n\r\n"), 400, "bad_chunk_extension"},
    {"ChunkLineTooLong", chunked("5;" + std::string(2000, 'e') + "\r\n"), 400,
     "chunk_line_too_long"},
    {"BadChunkTerminator", chunked("5\r\nhelloXX0\r\n\r\n"), 400, "bad_chunk_terminator"},
    {"TrailerTooLarge", chunked("0\r\nX: " + std::string(9000, 't') + "\r\n\r\n"), 431,
     "trailer_too_large"},
};

class Http1Errors : public ::testing::TestWithParam<BadRequest> {};

TEST_P(Http1Errors, AnsweredClosedAndCounted) {
  const BadRequest& bad = GetParam();
  TestServer server(small_limits());
  TestClient client(server.port());
  ASSERT_TRUE(client.connected());
  client.send(bad.bytes);
  const auto response = client.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, bad.status);
  EXPECT_EQ(response->header("connection"), "close");
  EXPECT_EQ(response->header("content-type"), "text/plain; charset=utf-8");
  EXPECT_NE(response->body.find(bad.reason), std::string::npos) << response->body;
  EXPECT_TRUE(client.wait_closed());
  EXPECT_EQ(server.counter(families::kRejectedRequests, {bad.reason}), 1u);
  EXPECT_EQ(server.counter(families::kRequests, {"http1", std::to_string(bad.status)}), 1u);
  EXPECT_EQ(server.log().requests.load(), 0);
}

INSTANTIATE_TEST_SUITE_P(Parser, Http1Errors, ::testing::ValuesIn(kBadRequests),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(Http1ErrorsAfterGoodRequests, EarlierPipelinedAnswersStillArrive) {
  TestServer server;
  TestClient client(server.port());
  client.send(testing::get("/hello") + "GET / HTTP/1.1\r\nHost : h\r\n\r\n" +
              testing::get("/hello"));
  const auto good = client.read_response();
  ASSERT_TRUE(good.has_value());
  EXPECT_EQ(good->body, "hello");
  const auto bad = client.read_response();
  ASSERT_TRUE(bad.has_value());
  EXPECT_EQ(bad->status, 400);
  EXPECT_TRUE(client.wait_closed());
  EXPECT_EQ(server.log().requests.load(), 1);
}

}  // namespace
}  // namespace core::server
