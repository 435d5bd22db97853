// Response head serialization; handler fields are checked here because a value carrying
// CR or LF would let whoever chose it write a second response.
#include "core/server/http1_response.h"

#include <algorithm>
#include <array>

#include "core/http/message.h"
#include "core/http1/field_rules.h"

namespace core::server {
namespace {

// Fields about the connection or the framing: the codec decides them.
constexpr std::array<std::string_view, 8> kCodecFields = {
    "connection", "keep-alive", "proxy-connection", "transfer-encoding", "content-length",
    "upgrade",    "te",         "trailer"};

bool codec_owned(std::string_view name) {
  return std::any_of(kCodecFields.begin(), kCodecFields.end(),
                     [&](std::string_view owned) { return name == owned; });
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

}  // namespace

void append_response_head(std::string& out, int status, const http::Headers& headers,
                          std::string_view date, std::string_view server,
                          const ResponseFraming& framing) {
  out.append("HTTP/1.1 ").append(std::to_string(status)).append(" ");
  out.append(http::reason_phrase(status)).append("\r\n");
  if (!date.empty() && !headers.contains("date")) append_field(out, "Date", date);
  if (!server.empty() && !headers.contains("server")) append_field(out, "Server", server);
  for (const http::Header& field : headers.items()) {
    if (codec_owned(field.name) || !http1::is_token(field.name) || !safe_value(field.value)) {
      continue;
    }
    append_field(out, field.name, field.value);
  }
  if (framing.content_length) {
    append_field(out, "Content-Length", std::to_string(*framing.content_length));
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
