// controld's admin API, served by every replica (leader or not) from the state in Redis:
//   GET  /healthz                   this replica: leading or not, Redis up or not
//   GET  /metrics                   Prometheus text
//   GET  /api/pops                  each PoP, its edges and their health, drained or not
//   POST /api/pops/{name}/drain     signed (core/auth); stops planning for the PoP
//   POST /api/pops/{name}/undrain   signed; resumes it
//   GET  /api/pops/{name}/plan      the PoP's last plan
//   GET  /api/leader                which replica leads
// Answers that need Redis wait for it on the loop; without Redis they are 503.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "control/config/control_config.h"
#include "control/plane/controller.h"
#include "core/auth/admin_signature.h"
#include "core/base/clock.h"
#include "core/http/stream.h"
#include "core/metrics/registry.h"

namespace control::api {

class AdminApi final : public core::http::Handler {
 public:
  // Everything given must outlive the handler, which runs on the controller's loop.
  AdminApi(plane::Controller& controller, const config::ControlConfig& config,
           const core::metrics::Exposition& exposition, const core::base::Clock& clock);
  void on_request(core::http::Stream& stream) override;

 private:
  void pops(core::http::Stream& stream);
  void leader(core::http::Stream& stream);
  void plan(core::http::Stream& stream, const std::string& pop);
  void drain(core::http::Stream& stream, const std::string& pop, bool drained);
  std::string health_body() const;

  plane::Controller& controller_;
  const config::ControlConfig& config_;
  const core::metrics::Exposition& exposition_;
  const core::base::Clock& clock_;
  core::auth::SignatureVerifier verifier_;
};

}  // namespace control::api
