// /healthz answers a small JSON object; /metrics renders every worker's registry. Both are
// never cached by anything in between.
#include "edge/admin/admin_routes.h"

#include <nlohmann/json.hpp>
#include <utility>

#include "swipecdn/version.h"

namespace edge::admin {
namespace {

constexpr std::string_view kMetricsType = "text/plain; version=0.0.4; charset=utf-8";
constexpr std::string_view kJsonType = "application/json";

// HEAD gets the head GET would get, with its length, and no body.
void answer(core::http::Stream& stream, std::string_view content_type, std::string body,
            int status = 200) {
  core::http::ResponseHead head;
  head.status = status;
  head.headers.add("content-type", content_type);
  head.headers.add("cache-control", "no-store");
  if (stream.request().method == "HEAD") {
    head.content_length = body.size();
    stream.respond(std::move(head), false);
    return;
  }
  stream.respond_with(std::move(head), std::move(body));
}

}  // namespace

AdminRoutes::AdminRoutes(std::string pop, const core::metrics::Exposition& exposition,
                         const core::base::Clock& clock,
                         std::chrono::steady_clock::time_point started,
                         std::function<bool()> draining)
    : pop_(std::move(pop)),
      exposition_(exposition),
      clock_(clock),
      started_(started),
      draining_(std::move(draining)) {}

bool AdminRoutes::handle(core::http::Stream& stream) const {
  std::string_view path = stream.request().path();
  if (path != kHealthPath && path != kMetricsPath) return false;
  const std::string& method = stream.request().method;
  if (method != "GET" && method != "HEAD") {
    core::http::ResponseHead head;
    head.status = 405;
    head.headers.add("allow", "GET, HEAD");
    head.headers.add("content-type", "text/plain");
    stream.respond_with(std::move(head), "method not allowed\n");
    return true;
  }
  if (path == kHealthPath) {
    // A draining PoP is alive but asks load balancers and its peers to send viewers elsewhere.
    const bool draining = draining_ && draining_();
    answer(stream, kJsonType, health_body(draining), draining ? 503 : 200);
  } else {
    answer(stream, kMetricsType, exposition_.render());
  }
  return true;
}

std::string AdminRoutes::health_body(bool draining) const {
  auto uptime = std::chrono::duration_cast<std::chrono::seconds>(clock_.now() - started_);
  nlohmann::json body = {{"status", draining ? "draining" : "ok"},
                         {"pop", pop_},
                         {"uptime_seconds", uptime.count()},
                         {"version", swipecdn::kVersion}};
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

AdminFront::AdminFront(const AdminRoutes& routes, std::unique_ptr<core::http::Handler> next)
    : routes_(routes), next_(std::move(next)) {}

void AdminFront::on_request(core::http::Stream& stream) {
  if (routes_.handle(stream)) return;
  next_->on_request(stream);
}

}  // namespace edge::admin
