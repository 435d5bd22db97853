// The pre-warm admin endpoint, POST /_edge/prewarm (DESIGN.md: signed like every admin
// request; the body is a hint), in front of the cache's admin endpoints: it answers 202 at
// once and the warming happens in the background. A hint without items withdraws what is still
// queued of the hint of that id (200, with how many objects). GET /_edge/stats gains a
// "prewarm" part. One instance serves every worker.
#pragma once

#include <memory>

#include "core/base/clock.h"
#include "core/http/stream.h"
#include "edge/admin/signed_request.h"
#include "edge/cache/cache_admin.h"
#include "edge/warm/warmer.h"

namespace edge::warm {

class PrewarmAdmin final : public core::http::Handler {
 public:
  static constexpr std::string_view kPrewarmPath = "/_edge/prewarm";

  // Every reference outlives the handler; other admin paths go to `cache_admin`.
  PrewarmAdmin(Warmer& warmer, cache::CacheAdmin& cache_admin, std::string admin_secret,
               const core::base::Clock& clock);
  void on_request(core::http::Stream& stream) override;

 private:
  void prewarm(core::http::Stream& stream);

  Warmer& warmer_;
  cache::CacheAdmin& cache_admin_;
  admin::SignatureVerifier verifier_;
  const core::base::Clock& clock_;
};

}  // namespace edge::warm
