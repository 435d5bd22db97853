#include "bench/delay_proxy/metrics_endpoint.h"

#include <event2/buffer.h>
#include <event2/keyvalq_struct.h>

#include <string_view>

#include "bench/delay_proxy/listener_socket.h"

namespace bench::delay_proxy {

std::expected<std::unique_ptr<MetricsEndpoint>, std::string> MetricsEndpoint::open(
    event_base* loop, const core::server::SocketAddress& address, std::string_view text,
    const core::metrics::Exposition& exposition) {
  auto fd = bind_listener(address, text);
  if (!fd) return std::unexpected(fd.error());
  std::unique_ptr<MetricsEndpoint> endpoint(
      new MetricsEndpoint(exposition, core::server::bound_port(fd->get())));
  endpoint->http_.reset(evhttp_new(loop));
  if (!endpoint->http_) return std::unexpected("cannot create the metrics server");
  evhttp_set_allowed_methods(endpoint->http_.get(), EVHTTP_REQ_GET | EVHTTP_REQ_HEAD);
  evhttp_set_gencb(
      endpoint->http_.get(),
      [](evhttp_request* request, void* self) {
        static_cast<const MetricsEndpoint*>(self)->on_request(request);
      },
      endpoint.get());
  // libevent's listener takes the socket and closes it with the server.
  if (evhttp_accept_socket_with_handle(endpoint->http_.get(), fd->get()) == nullptr)
    return std::unexpected("cannot serve metrics on " + std::string(text));
  fd->release();
  return endpoint;
}

void MetricsEndpoint::on_request(evhttp_request* request) const {
  const char* path = evhttp_uri_get_path(evhttp_request_get_evhttp_uri(request));
  if (path == nullptr || std::string_view(path) != "/metrics") {
    evhttp_send_error(request, HTTP_NOTFOUND, nullptr);
    return;
  }
  const std::string body = exposition_.render();
  evhttp_add_header(evhttp_request_get_output_headers(request), "Content-Type",
                    "text/plain; version=0.0.4; charset=utf-8");
  core::base::UniqueHandle<evbuffer, evbuffer_free> buffer(evbuffer_new());
  if (!buffer || evbuffer_add(buffer.get(), body.data(), body.size()) != 0) {
    evhttp_send_error(request, HTTP_INTERNAL, nullptr);
    return;
  }
  evhttp_send_reply(request, HTTP_OK, "OK", buffer.get());
}

}  // namespace bench::delay_proxy
