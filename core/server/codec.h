// Internal to core/server: the seam between a connection's transport (socket or TLS, buffers,
// lifetime) and the protocol codec that reads requests from it (HTTP/1.1 or HTTP/2).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/clock.h"
#include "core/http/message.h"
#include "core/http/stream.h"
#include "core/metrics/registry.h"
#include "core/server/server.h"
#include "core/server/server_metrics.h"

struct bufferevent;
struct event_base;

namespace core::server {

struct ConnectionInfo {
  std::string peer;  // "ip:port"
  bool tls = false;
  std::string alpn;  // "h2", "http/1.1" or empty
};

class Codec;

// One accepted connection as a codec sees it. Lives until the codec asks to close or the peer
// goes away; all calls on the worker's loop thread.
class Transport {
 public:
  virtual ~Transport() = default;
  virtual bufferevent* bev() = 0;  // input and output evbuffers; the codec may set watermarks
  virtual event_base* loop() = 0;
  virtual const ConnectionInfo& info() const = 0;
  virtual const ServerConfig& config() const = 0;
  virtual metrics::Registry& metrics() = 0;
  // The worker's handles on the server's metric families (core/server/server_metrics.h).
  virtual ServerMetrics& server_metrics() = 0;
  // The worker's clock: Date headers, request times, latencies.
  virtual const base::Clock& clock() const = 0;
  virtual http::Handler& handler() = 0;
  // Closes once everything queued for output is written; no more reads are delivered.
  virtual void close_when_flushed() = 0;
  // Closes now; the codec is destroyed after the current callback returns.
  virtual void close_now() = 0;
  // A response is complete in the output: write it now rather than at the end of the loop
  // pass, so that one viewer's answer does not wait for every other request of the pass.
  // Nothing is reported from here; what the socket does not take, and any failure, is left
  // to the pass's own flush.
  virtual void write_now() = 0;
  // A file span went into the output (Http1Stream's sendfile path): the writes that carry it
  // are corked.
  virtual void file_queued() = 0;
  // Hands the connection to `next` (h2c Upgrade); the current codec is destroyed after the
  // current callback returns, and `next` gets on_read() if input is pending.
  virtual void switch_codec(std::unique_ptr<Codec> next) = 0;
};

class Codec {
 public:
  virtual ~Codec() = default;
  // New bytes are in the transport's input buffer.
  virtual void on_read() = 0;
  // The output buffer drained below its low watermark: more can be written.
  virtual void on_write_drained() = 0;
  // The peer closed or the socket failed; the codec is destroyed right after.
  virtual void on_peer_closed() = 0;
  // The peer finished sending (EOF) but may still read. Returns true to keep the connection
  // until the codec has answered what it already received (it then closes it itself); false
  // to close now, after which on_peer_closed() follows.
  virtual bool on_input_ended() { return false; }
  // Graceful shutdown: finish in-flight requests, accept no new ones (HTTP/1: close when
  // idle; HTTP/2: GOAWAY with the last stream id).
  virtual void begin_shutdown() = 0;
  // No request in flight and nothing left to send.
  virtual bool idle() const = 0;
};

// HTTP/1.1 codec over `transport`.
std::unique_ptr<Codec> make_http1_codec(Transport& transport);
// HTTP/2 codec over `transport`. For h2c Upgrade, `upgrade_settings` is the HTTP2-Settings
// header value and `upgraded` the request that asked for it (answered as stream 1).
std::unique_ptr<Codec> make_http2_codec(Transport& transport,
                                        std::optional<std::string> upgrade_settings = std::nullopt,
                                        std::optional<http::Request> upgraded = std::nullopt);

}  // namespace core::server
