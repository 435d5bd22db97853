// The cache's admin endpoints under the admin prefix: GET /_edge/stats (JSON: tiers, lookups,
// origin fetches, bytes by tier) and POST /_edge/purge (signed; by exact key or key prefix:
// {"keys": ["/v/v42/360p/seg_0.m4s"], "prefixes": ["/v/v43/"]}). One instance serves every
// worker; it holds nothing a request changes but the verifier's replay memory.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>

#include "core/base/clock.h"
#include "core/http/stream.h"
#include "edge/admin/signed_request.h"
#include "edge/cache/cache_shared.h"

namespace edge::cache {

class CacheAdmin final : public core::http::Handler {
 public:
  static constexpr std::string_view kStatsPath = "/_edge/stats";
  static constexpr std::string_view kPurgePath = "/_edge/purge";

  // `clock` outlives the handler.
  CacheAdmin(std::shared_ptr<CacheShared> cache, std::string admin_secret,
             const core::base::Clock& clock);
  void on_request(core::http::Stream& stream) override;

  // The stats document, for tests and the handlers in front of this one.
  nlohmann::json stats() const;
  std::string stats_json() const { return stats().dump() + "\n"; }

 private:
  void purge(core::http::Stream& stream);

  std::shared_ptr<CacheShared> cache_;
  admin::SignatureVerifier verifier_;
  const core::base::Clock& clock_;
};

}  // namespace edge::cache
