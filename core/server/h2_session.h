// Creating the nghttp2 server session of a connection: the library's own defences (HPACK table
// sizes, queued acknowledgements, SETTINGS entries, CONTINUATION frames, reset rate) tied to
// the server's Limits, the SETTINGS the server announces, and the h2c Upgrade's settings.
#pragma once

#include <nghttp2/nghttp2.h>

#include <optional>
#include <string>
#include <string_view>

#include "core/base/unique_handle.h"
#include "core/server/server.h"

namespace core::server {

using Http2Session = base::UniqueHandle<nghttp2_session, nghttp2_session_del>;

// A server session whose callbacks reach `user_data` (an Http2Codec); null when out of memory.
Http2Session make_http2_session(void* user_data, const Limits& limits);
// Queues the server's SETTINGS; 0 or an nghttp2 error code.
int submit_server_settings(nghttp2_session* session, const Limits& limits);
// The SETTINGS payload carried by an HTTP2-Settings header (base64url without padding, RFC
// 7540 3.2.1), or nullopt when the value is not that.
std::optional<std::string> decode_settings_header(std::string_view value);

}  // namespace core::server
