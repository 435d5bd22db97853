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

}  // namespace

void append_response_head(std::string& out, int status, const http::Headers& headers,
                          std::string_view date, std::string_view server,
                          const ResponseFraming& framing) {
  // One allocation at most: the fields, the status line and the codec's own fields.
  size_t size = 128 + date.size() + server.size();
  bool has_date = false;
  bool has_server = false;
  for (const http::Header& field : headers.items()) {
    size += field.name.size() + field.value.size() + 4;
    has_date = has_date || field.name == "date";
    has_server = has_server || field.name == "server";
  }
  out.reserve(out.size() + size);
  out.append("HTTP/1.1 ");
  append_number(out, static_cast<uint64_t>(status < 0 ? 0 : status));
  out.append(" ").append(http::reason_phrase(status)).append("\r\n");
  if (!date.empty() && !has_date) append_field(out, "Date", date);
  if (!server.empty() && !has_server) append_field(out, "Server", server);
  for (const http::Header& field : headers.items()) {
    if (codec_owned(field.name) || !http1::is_token(field.name) || !safe_value(field.value)) {
      continue;
    }
    append_field(out, field.name, field.value);
  }
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
