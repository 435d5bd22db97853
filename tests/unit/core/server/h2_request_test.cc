// Http2RequestBuilder: the pseudo-header rules of RFC 9113 8.3.1, Host and :authority, cookie
// crumbs, and the header limits.
#include "core/server/h2_request.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace core::server {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

Fields get_fields() {
  return {{":method", "GET"},
          {":scheme", "https"},
          {":path", "/v/a.m3u8?x=1"},
          {":authority", "cdn.test"}};
}

std::expected<http::Request, RequestProblem> build(const Fields& fields, Limits limits = {}) {
  Http2RequestBuilder builder(limits);
  for (const auto& [name, value] : fields)
    builder.add(name, value);
  ConnectionInfo info;
  info.peer = "127.0.0.1:5000";
  info.tls = true;
  return builder.build(info, std::chrono::steady_clock::now());
}

TEST(Http2RequestBuilder, MapsPseudoHeadersToTheRequest) {
  Fields fields = get_fields();
  fields.emplace_back("accept", "*/*");
  const auto request = build(fields);
  ASSERT_TRUE(request.has_value());
  EXPECT_EQ(request->method, "GET");
  EXPECT_EQ(request->scheme, "https");
  EXPECT_EQ(request->target, "/v/a.m3u8?x=1");
  EXPECT_EQ(request->path(), "/v/a.m3u8");
  EXPECT_EQ(request->authority, "cdn.test");
  EXPECT_EQ(request->protocol, http::Protocol::kHttp2);
  EXPECT_TRUE(request->tls);
  EXPECT_EQ(request->peer, "127.0.0.1:5000");
  ASSERT_EQ(request->headers.size(), 1u);
  EXPECT_EQ(request->headers.get("accept"), "*/*");
}

TEST(Http2RequestBuilder, MissingOrRepeatedPseudoHeadersAreMalformed) {
  for (const char* dropped : {":method", ":scheme", ":path"}) {
    Fields fields;
    for (const auto& field : get_fields()) {
      if (field.first != dropped) fields.push_back(field);
    }
    EXPECT_EQ(build(fields).error(), RequestProblem::kMalformed) << dropped;
  }
  Fields repeated = get_fields();
  repeated.emplace_back(":path", "/other");
  EXPECT_EQ(build(repeated).error(), RequestProblem::kMalformed);
}

TEST(Http2RequestBuilder, PseudoHeaderAfterARegularOneIsMalformed) {
  Fields fields = {{":method", "GET"},
                   {":scheme", "http"},
                   {"accept", "*/*"},
                   {":path", "/"},
                   {":authority", "a"}};
  EXPECT_EQ(build(fields).error(), RequestProblem::kMalformed);
}

TEST(Http2RequestBuilder, UnknownOrResponsePseudoHeadersAreMalformed) {
  for (const std::string name : {":status", ":protocol", ":foo"}) {
    Fields fields = {{name, "x"}};
    for (const auto& field : get_fields())
      fields.push_back(field);
    EXPECT_EQ(build(fields).error(), RequestProblem::kMalformed) << name;
  }
}

TEST(Http2RequestBuilder, PathMustBeAbsoluteOrAsteriskForOptions) {
  Fields relative = get_fields();
  relative[2].second = "v/a.m3u8";
  EXPECT_EQ(build(relative).error(), RequestProblem::kMalformed);
  Fields empty = get_fields();
  empty[2].second = "";
  EXPECT_EQ(build(empty).error(), RequestProblem::kMalformed);
  Fields asterisk = get_fields();
  asterisk[2].second = "*";
  EXPECT_EQ(build(asterisk).error(), RequestProblem::kMalformed);
  asterisk[0].second = "OPTIONS";
  EXPECT_TRUE(build(asterisk).has_value());
}

TEST(Http2RequestBuilder, ConnectionSpecificFieldsAreMalformed) {
  for (const auto& field : Fields{{"connection", "close"},
                                  {"keep-alive", "1"},
                                  {"transfer-encoding", "chunked"},
                                  {"upgrade", "h2c"},
                                  {"te", "gzip"}}) {
    Fields fields = get_fields();
    fields.push_back(field);
    EXPECT_EQ(build(fields).error(), RequestProblem::kMalformed) << field.first;
  }
  Fields trailers = get_fields();
  trailers.emplace_back("te", "trailers");
  EXPECT_TRUE(build(trailers).has_value());
}

TEST(Http2RequestBuilder, HostStandsInForAMissingAuthority) {
  Fields fields = {{":method", "GET"}, {":scheme", "http"}, {":path", "/"}, {"host", "h.test"}};
  const auto request = build(fields);
  ASSERT_TRUE(request.has_value());
  EXPECT_EQ(request->authority, "h.test");
  EXPECT_FALSE(request->headers.contains("host"));
}

TEST(Http2RequestBuilder, AuthorityProblemsAreBadRequests) {
  Fields none = {{":method", "GET"}, {":scheme", "http"}, {":path", "/"}};
  EXPECT_EQ(build(none).error(), RequestProblem::kBadRequest);
  Fields differing = get_fields();
  differing.emplace_back("host", "elsewhere.test");
  EXPECT_EQ(build(differing).error(), RequestProblem::kBadRequest);
  Fields same = get_fields();
  same.emplace_back("host", "CDN.test");
  EXPECT_TRUE(build(same).has_value());
  Fields scheme = get_fields();
  scheme[1].second = "ftp";
  EXPECT_EQ(build(scheme).error(), RequestProblem::kBadRequest);
}

TEST(Http2RequestBuilder, ConnectIsNotServed) {
  Fields fields = {{":method", "CONNECT"}, {":authority", "origin.test:443"}};
  EXPECT_EQ(build(fields).error(), RequestProblem::kConnect);
}

TEST(Http2RequestBuilder, CookieCrumbsAreJoined) {
  Fields fields = get_fields();
  fields.emplace_back("cookie", "a=1");
  fields.emplace_back("accept", "*/*");
  fields.emplace_back("cookie", "b=2");
  const auto request = build(fields);
  ASSERT_TRUE(request.has_value());
  EXPECT_EQ(request->headers.get("cookie"), "a=1; b=2");
}

TEST(Http2RequestBuilder, LimitsOnBytesAndCount) {
  Limits limits;
  limits.max_header_bytes = 300;
  limits.max_headers = 10;
  Fields big = get_fields();
  big.emplace_back("x-big", std::string(200, 'v'));
  EXPECT_EQ(build(big, limits).error(), RequestProblem::kHeadersTooLarge);
  big.back().second.resize(50);
  EXPECT_TRUE(build(big, limits).has_value());
  limits.max_header_bytes = 32 * 1024;
  Fields many = get_fields();
  for (int i = 0; i < 7; ++i)
    many.emplace_back("x-" + std::to_string(i), "v");
  EXPECT_EQ(build(many, limits).error(), RequestProblem::kHeadersTooLarge);
  many.pop_back();
  EXPECT_TRUE(build(many, limits).has_value());
}

TEST(Http2RequestBuilder, ProblemLabels) {
  EXPECT_EQ(to_label(RequestProblem::kMalformed), "h2_malformed_request");
  EXPECT_EQ(to_label(RequestProblem::kHeadersTooLarge), "h2_headers_too_large");
}

}  // namespace
}  // namespace core::server
