// The ObjectSource that fetches from the origins: one core::client::OriginClient per origin
// on this worker, the video id hashed onto a ring of origins, health marking, and retries
// with exponential backoff for idempotent requests that have sent the viewer nothing yet.
#pragma once

#include <chrono>
#include <expected>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/client/origin_client.h"
#include "edge/proxy/hash_ring.h"
#include "edge/proxy/object_source.h"
#include "edge/proxy/origin_health.h"
#include "edge/proxy/proxy_config.h"
#include "edge/proxy/proxy_metrics.h"

struct event_base;

namespace edge::proxy {

class OriginSource final : public ObjectSource {
 public:
  // Fails, naming the URL, when an origin is not a valid origin URL or there is none.
  // `clock`, `metrics` and `registry` must outlive the source; the config is copied.
  static std::expected<std::unique_ptr<OriginSource>, std::string> create(
      event_base* loop, const ProxyConfig& config, const core::base::Clock& clock,
      ProxyMetrics& metrics, core::metrics::Registry* registry);

  std::unique_ptr<ObjectFetch> start(const ObjectRequest& request,
                                     ObjectObserver& observer) override;

  size_t origins() const { return origins_.size(); }
  const std::string& authority(size_t origin) const { return origins_[origin].client->authority(); }
  bool up(size_t origin) const { return origins_[origin].health.up(clock_.now()); }
  // The origin an attempt goes to: the first of `video`'s ring order that is up and was not
  // tried yet; else one that is up (tried again); else the first untried (all are down, so
  // probe); else the owner. `tried` holds the origins of earlier attempts.
  size_t pick(std::string_view video, std::span<const size_t> tried) const;

 private:
  friend class OriginFetch;
  struct Origin {
    std::unique_ptr<core::client::OriginClient> client;
    OriginHealth health;
  };

  OriginSource(event_base* loop, const ProxyConfig& config, const core::base::Clock& clock,
               ProxyMetrics& metrics, std::vector<Origin> origins,
               std::span<const std::string> names);
  void record(size_t origin, std::optional<core::client::FetchError> failure);

  event_base* loop_;
  ProxyConfig config_;
  const core::base::Clock& clock_;
  ProxyMetrics& metrics_;
  std::vector<Origin> origins_;
  HashRing ring_;
};

}  // namespace edge::proxy
