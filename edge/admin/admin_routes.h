// The operator's endpoints of edged: /healthz and /metrics. They sit in front of the request
// path (AdminFront) and know nothing of the proxy behind them.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "core/base/clock.h"
#include "core/http/stream.h"
#include "core/metrics/registry.h"

namespace edge::admin {

// Answers the admin paths. Immutable after construction: one instance may serve every
// worker.
class AdminRoutes {
 public:
  // `exposition` and `clock` must outlive the routes; uptime counts from `started`. While
  // `draining` says so, /healthz answers 503 with status "draining".
  AdminRoutes(std::string pop, const core::metrics::Exposition& exposition,
              const core::base::Clock& clock, std::chrono::steady_clock::time_point started,
              std::function<bool()> draining = {});

  // When the request's path is one of the admin paths, answers it (GET and HEAD; 405
  // otherwise) and returns true; else touches nothing and returns false. On the stream's loop.
  bool handle(core::http::Stream& stream) const;

  static constexpr std::string_view kHealthPath = "/healthz";
  static constexpr std::string_view kMetricsPath = "/metrics";

 private:
  std::string health_body(bool draining) const;

  std::string pop_;
  const core::metrics::Exposition& exposition_;
  const core::base::Clock& clock_;
  std::chrono::steady_clock::time_point started_;
  std::function<bool()> draining_;
};

// A worker's handler: the admin routes first, then `next` for every other request.
class AdminFront final : public core::http::Handler {
 public:
  // `routes` must outlive the handler; `next` is not null.
  AdminFront(const AdminRoutes& routes, std::unique_ptr<core::http::Handler> next);
  void on_request(core::http::Stream& stream) override;

 private:
  const AdminRoutes& routes_;
  std::unique_ptr<core::http::Handler> next_;
};

}  // namespace edge::admin
