// Response head serialization; handler fields are checked here because a value carrying
// CR or LF would let whoever chose it write a second response.
#include "core/server/http1_response.h"

#include <algorithm>
#include <charconv>
#include <cstdint>

#include "core/http/message.h"
#include "core/http1/field_rules.h"

namespace core::server {
namespace {

// Fields about the connection or the framing: the codec decides them. Names are lowercase
// (Headers keeps them so).
bool codec_owned(std::string_view name) {
  switch (name.size()) {
    case 2:
      return name == "te";
    case 7:
      return name == "upgrade" || name == "trailer";
    case 10:
      return name == "connection" || name == "keep-alive";
    case 14:
      return name == "content-length";
    case 16:
      return name == "proxy-connection";
    case 17:
      return name == "transfer-encoding";
    default:
      return false;
  }
}

bool safe_value(std::string_view value) {
  return std::all_of(value.begin(), value.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return http1::is_field_vchar(c) || http1::is_ows(c);
  });
}

void append_field(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ").append(value).append("\r\n");
}

void append_number(std::string& out, uint64_t value) {
  char digits[24];
  const auto [end, error] = std::to_chars(digits, digits + sizeof(digits), value);
  out.append(digits, error == std::errc() ? end : digits);
}

// Whether the codec writes `field` as the handler gave it: not a field it owns, and nothing
// that could end the line early.
bool writable(const http::Header& field) {
  return !codec_owned(field.name) && http1::is_token(field.name) && safe_value(field.value);
}

void append_status_line(std::string& out, int status, std::string_view date, bool has_date,
                        std::string_view server, bool has_server) {
  out.append("HTTP/1.1 ");
  append_number(out, static_cast<uint64_t>(status < 0 ? 0 : status));
  out.append(" ").append(http::reason_phrase(status)).append("\r\n");
  if (!date.empty() && !has_date) append_field(out, "Date", date);
  if (!server.empty() && !has_server) append_field(out, "Server", server);
}

void append_framing(std::string& out, const ResponseFraming& framing) {
  if (framing.content_length) {
    out.append("Content-Length: ");
    append_number(out, *framing.content_length);
    out.append("\r\n");
  } else if (framing.chunked) {
    append_field(out, "Transfer-Encoding", "chunked");
  }
  if (framing.close) {
    append_field(out, "Connection", "close");
  } else if (framing.keep_alive) {
    append_field(out, "Connection", "keep-alive");
  }
  out.append("\r\n");
}

// Room for the status line, the codec's own fields and the final empty line.
constexpr size_t kHeadOverhead = 128;

}  // namespace

void append_response_head(std::string& out, int status, const http::Headers& headers,
                          std::string_view date, std::string_view server,
                          const ResponseFraming& framing) {
  // One allocation at most: the fields, the status line and the codec's own fields.
  size_t size = kHeadOverhead + date.size() + server.size();
  bool has_date = false;
  bool has_server = false;
  for (const http::Header& field : headers.items()) {
    size += field.name.size() + field.value.size() + 4;
    has_date = has_date || field.name == "date";
    has_server = has_server || field.name == "server";
  }
  out.reserve(out.size() + size);
  append_status_line(out, status, date, has_date, server, has_server);
  for (const http::Header& field : headers.items()) {
    if (writable(field)) append_field(out, field.name, field.value);
  }
  append_framing(out, framing);
}

http::SharedHead share_head(int status, http::Headers headers) {
  http::SharedHead head;
  head.status = status;
  for (const http::Header& field : headers.items()) {
    head.has_date = head.has_date || field.name == "date";
    head.has_server = head.has_server || field.name == "server";
    if (writable(field)) append_field(head.http1_fields, field.name, field.value);
  }
  head.headers = std::move(headers);
  return head;
}

void append_shared_response_head(std::string& out, const http::SharedHead& head,
                                 std::span<const http::Header> extra, std::string_view date,
                                 std::string_view server, const ResponseFraming& framing) {
  size_t size = kHeadOverhead + date.size() + server.size() + head.http1_fields.size();
  bool has_date = head.has_date;
  bool has_server = head.has_server;
  for (const http::Header& field : extra) {
    size += field.name.size() + field.value.size() + 4;
    has_date = has_date || field.name == "date";
    has_server = has_server || field.name == "server";
  }
  out.reserve(out.size() + size);
  append_status_line(out, head.status, date, has_date, server, has_server);
  out.append(head.http1_fields);
  for (const http::Header& field : extra) {
    if (writable(field)) append_field(out, field.name, field.value);
  }
  append_framing(out, framing);
}

std::string make_error_response(int status, std::string_view body, std::string_view date,
                                std::string_view server) {
  http::Headers headers;
  headers.add("content-type", "text/plain; charset=utf-8");
  ResponseFraming framing;
  framing.content_length = body.size();
  framing.close = true;
  std::string out;
  append_response_head(out, status, headers, date, server, framing);
  out.append(body);
  return out;
}

}  // namespace core::server
