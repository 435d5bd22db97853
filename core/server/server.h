// The HTTP server core shared by edged and origind: one libevent loop per worker thread, each
// with its own SO_REUSEPORT listening sockets, HTTP/1.1 (keep-alive, pipelining), HTTP/2 (h2c
// prior knowledge, h2c Upgrade, h2 over TLS via ALPN), timeouts, and abuse defences. Requests
// reach the application as core::http::Stream objects.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/http/stream.h"
#include "core/metrics/registry.h"
#include "core/server/mailbox.h"
#include "core/tls/tls_context.h"

struct event_base;

namespace core::server {

struct Listener {
  std::string address;  // "127.0.0.1:8081", "[::1]:8443", "0.0.0.0:0" (0 picks a free port)
  bool tls = false;
};

struct Limits {
  size_t max_request_line = size_t{8} * 1024;     // 414 beyond
  size_t max_header_bytes = size_t{32} * 1024;    // 431 beyond
  size_t max_headers = 100;                       // 431 beyond
  size_t max_request_body = size_t{1024} * 1024;  // 413 beyond
  uint32_t max_concurrent_streams = 128;          // HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS
  uint32_t header_table_size = 4096;              // HPACK dynamic table, both directions
  size_t max_connections_per_worker = 10'000;
  // HTTP/2 abuse: a connection past one of these within `abuse_window` gets GOAWAY.
  uint32_t max_resets_per_window = 200;           // rapid reset (CVE-2023-44487)
  uint32_t max_control_frames_per_window = 1000;  // SETTINGS, PING, PRIORITY, WINDOW_UPDATE
  uint32_t max_empty_frames_per_window = 1000;    // empty DATA / CONTINUATION without payload
  std::chrono::milliseconds abuse_window{10'000};
  bool operator==(const Limits&) const = default;
};

struct Timeouts {
  std::chrono::milliseconds header_read{10'000};  // from first byte to complete head
  std::chrono::milliseconds body_read{30'000};    // between body bytes of a request
  std::chrono::milliseconds idle{60'000};         // keep-alive connection with no request
  std::chrono::milliseconds write{30'000};        // a response making no progress (slow read)
  std::chrono::milliseconds tls_handshake{10'000};
  bool operator==(const Timeouts&) const = default;
};

struct ServerConfig {
  std::vector<Listener> listeners;
  int workers = 1;
  Limits limits;
  Timeouts timeouts;
  std::shared_ptr<const tls::TlsContext> tls;  // required when a listener has tls
  std::string server_name = "swipecdn";        // Server header; empty for none
};

// Where a worker's application lives: one Handler per worker, built on that worker's thread.
struct WorkerContext {
  int index = 0;
  event_base* loop = nullptr;
  metrics::Registry* metrics = nullptr;  // this worker's registry
  // Other threads reach this worker's loop through it; null for a handler built without a
  // worker (tests).
  std::shared_ptr<Mailbox> mailbox;
};
using HandlerFactory = std::function<std::unique_ptr<http::Handler>(WorkerContext& worker)>;

class Server {
 public:
  virtual ~Server() = default;
  // Binds every listener on every worker and starts the worker threads. Fails (without
  // leaving threads behind) when an address cannot be bound or TLS is missing.
  static std::expected<std::unique_ptr<Server>, std::string> start(ServerConfig config,
                                                                   const HandlerFactory& handlers,
                                                                   metrics::Exposition& exposition);
  // The port each listener is bound to, in the order of ServerConfig::listeners.
  virtual std::vector<uint16_t> ports() const = 0;
  // Uses `tls` for connections accepted from now on. Thread-safe.
  virtual void reload_tls(std::shared_ptr<const tls::TlsContext> tls) = 0;
  // Stops accepting, lets in-flight requests finish until `deadline`, then closes what is
  // left and joins the workers. Thread-safe; returns when every worker has stopped.
  virtual void shutdown(std::chrono::milliseconds deadline) = 0;
  // Runs `task` on worker `index`'s loop thread. Thread-safe.
  virtual void post(int index, std::function<void()> task) = 0;
  virtual int workers() const = 0;
};

}  // namespace core::server
