// make_http2_session, the server SETTINGS, and base64url decoding for h2c Upgrade.
#include "core/server/h2_session.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "core/server/h2_callbacks.h"

namespace core::server {
namespace {

// Acknowledgements (SETTINGS, PING) nghttp2 may queue before it calls the peer a flood.
constexpr size_t kMaxOutboundAck = 1000;
// Entries in one SETTINGS frame; the protocol defines seven.
constexpr size_t kMaxSettingsEntries = 32;
// CONTINUATION frames in one header block: at the default frame size, 128 KiB of block.
constexpr size_t kMinContinuations = 8;
// Stream window a client starts with for request bodies; the connection window is the
// protocol's 64 KiB, replenished as bytes are consumed.
constexpr uint32_t kInitialWindow = 256 * 1024;

int base64url_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

}  // namespace

Http2Session make_http2_session(void* user_data, const Limits& limits) {
  Http2Callbacks callbacks = make_http2_callbacks();
  nghttp2_option* raw_option = nullptr;
  if (!callbacks || nghttp2_option_new(&raw_option) != 0) return nullptr;
  const base::UniqueHandle<nghttp2_option, nghttp2_option_del> option(raw_option);
  nghttp2_option_set_max_deflate_dynamic_table_size(raw_option, limits.header_table_size);
  nghttp2_option_set_max_outbound_ack(raw_option, kMaxOutboundAck);
  nghttp2_option_set_max_settings(raw_option, kMaxSettingsEntries);
  nghttp2_option_set_max_continuations(
      raw_option, std::max(kMinContinuations, limits.max_header_bytes / (size_t{16} * 1024) + 1));
  // The codec counts resets itself per Limits::abuse_window and GOAWAYs first; nghttp2's own
  // token bucket stays as a looser second line, never stricter than ours.
  nghttp2_option_set_stream_reset_rate_limit(
      raw_option, std::max<uint64_t>(1000, uint64_t{limits.max_resets_per_window} * 2),
      std::max<uint64_t>(33, uint64_t{limits.max_resets_per_window}));
  nghttp2_session* session = nullptr;
  if (nghttp2_session_server_new2(&session, callbacks.get(), user_data, raw_option) != 0) {
    return nullptr;
  }
  return Http2Session(session);
}

int submit_server_settings(nghttp2_session* session, const Limits& limits) {
  const std::array<nghttp2_settings_entry, 4> settings = {{
      {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, limits.max_concurrent_streams},
      {NGHTTP2_SETTINGS_HEADER_TABLE_SIZE, limits.header_table_size},
      {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, kInitialWindow},
      {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE,
       static_cast<uint32_t>(std::min<size_t>(limits.max_header_bytes, UINT32_MAX))},
  }};
  return nghttp2_submit_settings(session, NGHTTP2_FLAG_NONE, settings.data(), settings.size());
}

std::optional<std::string> decode_settings_header(std::string_view value) {
  std::string out;
  out.reserve(value.size() * 3 / 4);
  uint32_t bits = 0;
  int count = 0;
  for (const char c : value) {
    const int v = base64url_value(c);
    if (v < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<uint32_t>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out.push_back(static_cast<char>((bits >> count) & 0xff));
    }
  }
  // A lone trailing character carries fewer than 8 bits: not a valid encoding.
  if (count >= 6) return std::nullopt;
  return out;
}

}  // namespace core::server
