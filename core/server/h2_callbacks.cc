// nghttp2 callback trampolines: recover the codec or stream from the user data and forward.
#include "core/server/h2_callbacks.h"

#include <string_view>

#include "core/server/h2_codec.h"
#include "core/server/h2_stream.h"

namespace core::server {
namespace {

Http2Codec& codec_of(void* user_data) {
  return *static_cast<Http2Codec*>(user_data);
}

std::string_view view(const uint8_t* data, size_t length) {
  return {reinterpret_cast<const char*>(data), length};
}

int on_begin_frame(nghttp2_session*, const nghttp2_frame_hd* hd, void* user_data) {
  return codec_of(user_data).frame_begins(*hd);
}

int on_begin_headers(nghttp2_session*, const nghttp2_frame* frame, void* user_data) {
  return codec_of(user_data).headers_begin(*frame);
}

int on_header(nghttp2_session*, const nghttp2_frame* frame, const uint8_t* name, size_t namelen,
              const uint8_t* value, size_t valuelen, uint8_t, void* user_data) {
  return codec_of(user_data).header(*frame, view(name, namelen), view(value, valuelen));
}

int on_frame_recv(nghttp2_session*, const nghttp2_frame* frame, void* user_data) {
  return codec_of(user_data).frame_received(*frame);
}

int on_data_chunk_recv(nghttp2_session*, uint8_t, int32_t stream_id, const uint8_t* data,
                       size_t len, void* user_data) {
  return codec_of(user_data).data_received(stream_id, view(data, len));
}

int on_stream_close(nghttp2_session*, int32_t stream_id, uint32_t error_code, void* user_data) {
  return codec_of(user_data).stream_closed(stream_id, error_code);
}

int on_frame_send(nghttp2_session*, const nghttp2_frame* frame, void* user_data) {
  return codec_of(user_data).frame_sent(*frame);
}

int on_send_data(nghttp2_session*, nghttp2_frame* frame, const uint8_t* framehd, size_t length,
                 nghttp2_data_source* source, void* user_data) {
  return codec_of(user_data).send_data(*frame, framehd, length,
                                       *static_cast<Http2Stream*>(source->ptr));
}

ssize_t read_body(nghttp2_session*, int32_t, uint8_t*, size_t length, uint32_t* data_flags,
                  nghttp2_data_source* source, void*) {
  return static_cast<Http2Stream*>(source->ptr)->read_data(length, data_flags);
}

}  // namespace

Http2Callbacks make_http2_callbacks() {
  nghttp2_session_callbacks* raw = nullptr;
  if (nghttp2_session_callbacks_new(&raw) != 0) return nullptr;
  Http2Callbacks callbacks(raw);
  nghttp2_session_callbacks_set_on_begin_frame_callback(raw, &on_begin_frame);
  nghttp2_session_callbacks_set_on_begin_headers_callback(raw, &on_begin_headers);
  nghttp2_session_callbacks_set_on_header_callback(raw, &on_header);
  nghttp2_session_callbacks_set_on_frame_recv_callback(raw, &on_frame_recv);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(raw, &on_data_chunk_recv);
  nghttp2_session_callbacks_set_on_stream_close_callback(raw, &on_stream_close);
  nghttp2_session_callbacks_set_on_frame_send_callback(raw, &on_frame_send);
  nghttp2_session_callbacks_set_send_data_callback(raw, &on_send_data);
  return callbacks;
}

nghttp2_data_provider make_body_provider(Http2Stream& stream) {
  nghttp2_data_provider provider{};
  provider.source.ptr = &stream;
  provider.read_callback = &read_body;
  return provider;
}

}  // namespace core::server
