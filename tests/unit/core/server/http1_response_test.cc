// Response head serialization, the Date format, and telling HTTP/2's preface from HTTP/1.
#include "core/server/http1_response.h"

#include <gtest/gtest.h>

#include <array>
#include <string>

#include "core/server/http_date.h"
#include "core/server/protocol_detect.h"

namespace core::server {
namespace {

TEST(Http1Response, HeadWithServerFieldsAndLength) {
  http::Headers headers;
  headers.add("Content-Type", "text/plain");
  ResponseFraming framing;
  framing.content_length = 5;
  std::string out;
  append_response_head(out, 200, headers, "Sun, 06 Nov 1994 08:49:37 GMT", "swipecdn", framing);
  EXPECT_EQ(out,
            "HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nServer: swipecdn\r\n"
            "content-type: text/plain\r\nContent-Length: 5\r\n\r\n");
}

TEST(Http1Response, ChunkedAndConnectionFields) {
  ResponseFraming framing;
  framing.chunked = true;
  framing.close = true;
  std::string out;
  append_response_head(out, 404, {}, "", "", framing);
  EXPECT_EQ(out,
            "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
  ResponseFraming keep;
  keep.content_length = 0;
  keep.keep_alive = true;
  out.clear();
  append_response_head(out, 204, {}, "", "", keep);
  EXPECT_EQ(out, "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n");
}

TEST(Http1Response, HandlerCannotSplitTheResponseOrReframeIt) {
  // Fields a handler fills from untrusted input must not smuggle line breaks into the head,
  // and the framing fields are the codec's alone.
  ResponseFraming framing;
  framing.content_length = 0;
  http::Headers headers;
  headers.add("x-ok", "fine\tvalue");
  headers.add("x-evil", "a\r\nSet-Cookie: stolen");
  headers.add("x-nul", std::string("a\0b", 3));
  headers.add("content-length", "999");
  headers.add("transfer-encoding", "chunked");
  headers.add("connection", "upgrade");
  headers.add("bad name", "v");
  std::string out;
  append_response_head(out, 200, headers, "", "", framing);
  EXPECT_EQ(out, "HTTP/1.1 200 OK\r\nx-ok: fine\tvalue\r\nContent-Length: 0\r\n\r\n");
}

TEST(Http1Response, ASharedHeadWritesWhatTheHeadersWouldWithTheSameChecks) {
  http::Headers stored;
  stored.add("content-type", "video/mp4");
  stored.add("x-evil", "a\r\nSet-Cookie: stolen");
  stored.add("transfer-encoding", "chunked");
  stored.add("etag", "\"v1\"");
  const http::SharedHead shared = share_head(200, stored);
  EXPECT_EQ(shared.headers, stored) << "kept whole, for codecs that check on their own";
  EXPECT_EQ(shared.http1_fields, "content-type: video/mp4\r\netag: \"v1\"\r\n");
  const std::array<http::Header, 2> own{http::Header{"age", "3"},
                                        http::Header{"connection", "close"}};
  http::Headers whole = stored;
  for (const http::Header& field : own)
    whole.add(field.name, field.value);
  ResponseFraming framing;
  framing.content_length = 10;
  std::string expected;
  append_response_head(expected, 200, whole, "Sun, 06 Nov 1994 08:49:37 GMT", "swipecdn", framing);
  std::string out = "kept";
  append_shared_response_head(out, shared, own, "Sun, 06 Nov 1994 08:49:37 GMT", "swipecdn",
                              framing);
  EXPECT_EQ(out, "kept" + expected);
}

TEST(Http1Response, ASharedHeadsOwnDateAndServerWin) {
  http::Headers stored;
  stored.add("date", "Mon, 07 Nov 1994 08:49:37 GMT");
  stored.add("server", "origin");
  const http::SharedHead shared = share_head(404, stored);
  EXPECT_TRUE(shared.has_date && shared.has_server);
  std::string out;
  append_shared_response_head(out, shared, {}, "Sun, 06 Nov 1994 08:49:37 GMT", "swipecdn", {});
  EXPECT_EQ(
      out,
      "HTTP/1.1 404 Not Found\r\ndate: Mon, 07 Nov 1994 08:49:37 GMT\r\nserver: origin\r\n\r\n");
}

TEST(Http1Response, HandlerDateAndServerWin) {
  http::Headers headers;
  headers.add("date", "Mon, 01 Jan 2024 00:00:00 GMT");
  headers.add("server", "origin");
  std::string out;
  append_response_head(out, 200, headers, "ignored", "ignored", {});
  EXPECT_EQ(out,
            "HTTP/1.1 200 OK\r\ndate: Mon, 01 Jan 2024 00:00:00 GMT\r\nserver: origin\r\n\r\n");
}

TEST(Http1Response, ErrorResponseClosesAndCarriesItsBody) {
  const std::string out = make_error_response(400, "Bad Request (x)\n", "", "s");
  EXPECT_EQ(out,
            "HTTP/1.1 400 Bad Request\r\nServer: s\r\ncontent-type: text/plain; charset=utf-8\r\n"
            "Content-Length: 16\r\nConnection: close\r\n\r\nBad Request (x)\n");
}

TEST(HttpDate, ImfFixdate) {
  HttpDate date;
  EXPECT_EQ(date.at(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(date.at(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(date.at(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(date.at(951782400), "Tue, 29 Feb 2000 00:00:00 GMT");
}

TEST(ProtocolDetect, PrefaceOrNot) {
  EXPECT_EQ(detect_cleartext(""), Detected::kNeedMore);
  EXPECT_EQ(detect_cleartext("PRI * HTTP/2"), Detected::kNeedMore);
  EXPECT_EQ(detect_cleartext(kHttp2Preface), Detected::kHttp2);
  EXPECT_EQ(detect_cleartext(std::string(kHttp2Preface) + std::string("\x00\x00\x12", 3)),
            Detected::kHttp2);
  EXPECT_EQ(detect_cleartext("GET / HTTP/1.1\r\n"), Detected::kHttp1);
  EXPECT_EQ(detect_cleartext("PRI * HTTP/1.1\r\n"), Detected::kHttp1);
  EXPECT_EQ(detect_cleartext("P"), Detected::kNeedMore);
  EXPECT_EQ(detect_cleartext("POST"), Detected::kHttp1);
}

}  // namespace
}  // namespace core::server
