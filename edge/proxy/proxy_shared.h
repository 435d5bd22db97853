// Internal to edge/proxy: what every exchange of a worker shares with its handler. Exchanges
// keep it alive, so the handler may go away before the last of them.
#pragma once

#include <memory>

#include "core/base/clock.h"
#include "core/metrics/registry.h"
#include "edge/proxy/access_record.h"
#include "edge/proxy/object_source.h"
#include "edge/proxy/proxy_config.h"
#include "edge/proxy/proxy_metrics.h"
#include "edge/proxy/trusted_proxies.h"

namespace edge::proxy {

// Members are destroyed in reverse order: the source (which counts into the metrics) first,
// the registry the metrics live in last.
struct ProxyShared {
  std::shared_ptr<const ProxyConfig> config;
  const core::base::Clock& clock;
  AccessLogSink access_log;  // may be empty
  TrustedProxies trusted;
  std::unique_ptr<core::metrics::Registry> own_registry;  // when the worker has none
  std::unique_ptr<ProxyMetrics> metrics;
  std::unique_ptr<ObjectSource> source;
};

}  // namespace edge::proxy
