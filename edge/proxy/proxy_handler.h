// edged's request path for one worker, as visible steps (after Varnish's request state
// machine): receive (the request and its CMCD keys), route (path safety, served prefixes,
// methods), lookup (the ObjectSource seam: today the origins, later the cache in front of
// them), then, per request in ProxyExchange, fetch, deliver (head, then the body chunk by
// chunk as the viewer takes it) and done (counters and the access log record).
#pragma once

#include <expected>
#include <functional>
#include <memory>
#include <string>

#include "core/base/clock.h"
#include "core/http/stream.h"
#include "core/server/server.h"
#include "edge/proxy/access_record.h"
#include "edge/proxy/object_source.h"
#include "edge/proxy/proxy_config.h"
#include "edge/proxy/proxy_metrics.h"

namespace edge::proxy {

struct ProxyShared;

class ProxyHandler final : public core::http::Handler {
 public:
  // Builds the handler of `worker` with an OriginSource over config.origins. Runs on the
  // worker's thread (the server's HandlerFactory). Fails with a message naming the bad
  // setting (origin URL, trusted proxy, prefix). `clock` must outlive the handler and its
  // exchanges. `admin`, when given, answers paths under config.admin_prefix; it must outlive
  // the handler.
  static std::expected<std::unique_ptr<ProxyHandler>, std::string> create(
      core::server::WorkerContext& worker, std::shared_ptr<const ProxyConfig> config,
      const core::base::Clock& clock, AccessLogSink access_log,
      core::http::Handler* admin = nullptr);

  // The same with a source of the caller's making, `wrap(origin_source)`: the cache's
  // decorator seam. `wrap` gets the OriginSource and returns what lookups go to.
  using SourceWrapper =
      std::function<std::unique_ptr<ObjectSource>(std::unique_ptr<ObjectSource> origins)>;
  static std::expected<std::unique_ptr<ProxyHandler>, std::string> create(
      core::server::WorkerContext& worker, std::shared_ptr<const ProxyConfig> config,
      const core::base::Clock& clock, AccessLogSink access_log, core::http::Handler* admin,
      const SourceWrapper& wrap);

  void on_request(core::http::Stream& stream) override;

  ProxyMetrics& metrics();

 private:
  ProxyHandler(std::shared_ptr<ProxyShared> shared, core::http::Handler* admin);

  std::shared_ptr<ProxyShared> shared_;
  core::http::Handler* admin_;
  std::string via_;  // this hop's Via on a response, as make_downstream_head() adds it
};

}  // namespace edge::proxy
