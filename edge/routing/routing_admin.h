// Geo routing's admin endpoints, in front of the other admin handlers:
//   GET  /_edge/steer?video=ID   the content steering manifest (public: players fetch it);
//   POST /_edge/drain            signed, {"pop": NAME, "draining": true}: viewers are moved to
//                                other PoPs and /healthz says 503; false ends it. The state
//                                is in the body, so that a drain and the undrain that follows
//                                within the same second are not one signature replayed, and
//                                so is the PoP, so that it cannot be replayed to another PoP.
// One instance serves every worker.
#pragma once

#include <memory>

#include "core/base/clock.h"
#include "core/http/stream.h"
#include "edge/admin/signed_request.h"
#include "edge/routing/geo_router.h"

namespace edge::routing {

class RoutingAdmin final : public core::http::Handler {
 public:
  static constexpr std::string_view kDrainPath = "/_edge/drain";

  // `router`, `clock` and `next` outlive the handler; other paths go to `next`.
  RoutingAdmin(GeoRouter& router, core::http::Handler& next, std::string admin_secret,
               const core::base::Clock& clock);
  void on_request(core::http::Stream& stream) override;

 private:
  void steer(core::http::Stream& stream);
  void drain(core::http::Stream& stream);

  GeoRouter& router_;
  core::http::Handler& next_;
  admin::SignatureVerifier verifier_;
  const core::base::Clock& clock_;
};

}  // namespace edge::routing
