// The nghttp2 callbacks of a server session: thin functions that hand each event to the
// Http2Codec given as the session's user data, or to the Http2Stream of a data provider.
#pragma once

#include <nghttp2/nghttp2.h>

#include "core/base/unique_handle.h"

namespace core::server {

class Http2Stream;

using Http2Callbacks = base::UniqueHandle<nghttp2_session_callbacks, nghttp2_session_callbacks_del>;

// Every callback the codec handles; nullptr only when out of memory.
Http2Callbacks make_http2_callbacks();
// The provider of a response body, pulled from `stream`.
nghttp2_data_provider make_body_provider(Http2Stream& stream);

}  // namespace core::server
