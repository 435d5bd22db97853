// GET /metrics in the Prometheus text format, served by libevent's HTTP server on the proxy's
// loop: scrapes are rare and small, so they need no thread of their own.
#pragma once

#include <event2/http.h>

#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <string_view>

#include "core/base/unique_handle.h"
#include "core/metrics/registry.h"
#include "core/server/listen_socket.h"

namespace bench::delay_proxy {

class MetricsEndpoint {
 public:
  // Listens on `address` (named `text` in errors); `loop` and `exposition` outlive the endpoint.
  static std::expected<std::unique_ptr<MetricsEndpoint>, std::string> open(
      event_base* loop, const core::server::SocketAddress& address, std::string_view text,
      const core::metrics::Exposition& exposition);

  uint16_t port() const { return port_; }

 private:
  MetricsEndpoint(const core::metrics::Exposition& exposition, uint16_t port)
      : exposition_(exposition), port_(port) {}
  void on_request(evhttp_request* request) const;

  const core::metrics::Exposition& exposition_;
  uint16_t port_;
  core::base::UniqueHandle<evhttp, evhttp_free> http_;
};

}  // namespace bench::delay_proxy
