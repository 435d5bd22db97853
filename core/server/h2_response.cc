// Http2ResponseFields: which handler fields may go out in an HTTP/2 response head.
#include "core/server/h2_response.h"

#include <algorithm>
#include <array>

#include "core/http1/field_rules.h"

namespace core::server {
namespace {

// Connection-specific (RFC 9113 8.2.2) or framing fields: the codec alone decides them.
constexpr std::array<std::string_view, 8> kCodecFields = {
    "connection", "keep-alive", "proxy-connection", "transfer-encoding", "content-length",
    "upgrade",    "te",         "trailer"};

bool codec_owned(std::string_view name) {
  return std::find(kCodecFields.begin(), kCodecFields.end(), name) != kCodecFields.end();
}

// Lowercase tokens only: an uppercase name makes the whole response malformed in HTTP/2.
bool sendable_name(std::string_view name) {
  return http1::is_token(name) &&
         std::none_of(name.begin(), name.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool sendable_value(std::string_view value) {
  return std::all_of(value.begin(), value.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return http1::is_field_vchar(c) || http1::is_ows(c);
  });
}

}  // namespace

Http2ResponseFields::Http2ResponseFields(int status, const http::Headers& headers,
                                         std::optional<uint64_t> content_length,
                                         std::string_view date, std::string_view server)
    : status_(std::to_string(status)) {
  nva_.reserve(headers.size() + 4);
  add(":status", status_);
  if (!date.empty() && !headers.contains("date")) add("date", date);
  if (!server.empty() && !headers.contains("server")) add("server", server);
  for (const http::Header& field : headers.items()) {
    if (codec_owned(field.name) || !sendable_name(field.name)) continue;
    // RFC 9113 8.2.1: no leading or trailing whitespace in a value.
    const std::string_view value = http1::trim_ows(field.value);
    if (!sendable_value(value)) continue;
    add(field.name, value);
  }
  if (content_length) {
    length_ = std::to_string(*content_length);
    add("content-length", length_);
  }
}

void Http2ResponseFields::add(std::string_view name, std::string_view value) {
  nghttp2_nv nv{};
  // nghttp2 takes non-const pointers but only reads them, and copies them on submit.
  nv.name = reinterpret_cast<uint8_t*>(const_cast<char*>(name.data()));
  nv.namelen = name.size();
  nv.value = reinterpret_cast<uint8_t*>(const_cast<char*>(value.data()));
  nv.valuelen = value.size();
  nv.flags = NGHTTP2_NV_FLAG_NONE;
  nva_.push_back(nv);
}

}  // namespace core::server
