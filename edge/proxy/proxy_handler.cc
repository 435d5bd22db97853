// ProxyHandler: building a worker's request path, and the steps every request takes before
// it has an exchange of its own: receive, route, lookup.
#include "edge/proxy/proxy_handler.h"

#include <array>
#include <charconv>
#include <optional>
#include <string>

#include "core/client/origin_url.h"
#include "core/http/range_header.h"
#include "edge/proxy/forwarding.h"
#include "edge/proxy/origin_source.h"
#include "edge/proxy/path_safety.h"
#include "edge/proxy/proxy_exchange.h"
#include "edge/proxy/proxy_shared.h"
#include "edge/proxy/request_log.h"

namespace edge::proxy {
namespace {

bool valid_prefix(std::string_view prefix) {
  return prefix.size() >= 2 && prefix.starts_with('/') && prefix.ends_with('/');
}

std::expected<void, std::string> check_config(const ProxyConfig& config) {
  for (const std::string& prefix : config.prefixes) {
    if (!valid_prefix(prefix)) {
      return std::unexpected("prefix \"" + prefix + "\" must start and end with '/'");
    }
  }
  if (!config.admin_prefix.empty() && !valid_prefix(config.admin_prefix)) {
    return std::unexpected("admin prefix \"" + config.admin_prefix +
                           "\" must start and end with '/'");
  }
  if (config.retries < 0) return std::unexpected("retries must not be negative");
  return {};
}

// Answers a request refused before any lookup, and logs it.
void refuse(ProxyShared& shared, core::http::Stream& stream, const RequestLog& log, Outcome outcome,
            int status, std::string body) {
  finish_request(shared, log, Ending{outcome, status, body.size(), {}, {}});
  core::http::ResponseHead head;
  head.status = status;
  head.headers.add("content-type", "text/plain; charset=utf-8");
  if (status == 405) head.headers.add("allow", "GET, HEAD");
  // A hostile path says little good about the rest of what this peer sends.
  head.close_connection = status == 400;
  stream.respond_with(std::move(head), std::move(body));
}

// Sends the viewer to the PoP it belongs to. Never stored by anyone: it depends on where the
// viewer is and on which PoPs are up.
void redirect(ProxyShared& shared, core::http::Stream& stream, const RequestLog& log,
              const std::string& location) {
  std::string body = "moved to " + location + "\n";
  finish_request(shared, log, Ending{Outcome::kRedirected, 302, body.size(), {}, {}});
  core::http::ResponseHead head;
  head.status = 302;
  head.headers.add("location", location);
  head.headers.add("cache-control", "private, no-store");
  head.headers.add("content-type", "text/plain; charset=utf-8");
  stream.respond_with(std::move(head), std::move(body));
}

// What the exchange would have sent and logged, without one.
void send_ready(ProxyShared& shared, core::http::Stream& stream, const RequestLog& log,
                std::string_view via, ReadyAnswer ready) {
  finish_request(
      shared, log,
      Ending{Outcome::kComplete, ready.head->status, ready.body.size(), {}, ready.cache_status});
  const std::array<core::http::Header, 3> fields{
      core::http::Header{"age", std::to_string(ready.age_s)},
      core::http::Header{"x-cache", std::string(ready.cache_status)},
      core::http::Header{"via", std::string(via)}};
  stream.respond_shared(*ready.head, fields, std::move(ready.body));
}

bool is_master_playlist(std::string_view path, const Route& route) {
  constexpr std::string_view kMaster = "/master.m3u8";
  return path.size() == route.prefix.size() + route.video.size() + kMaster.size() &&
         path.starts_with(route.prefix) && path.ends_with(kMaster) &&
         path.substr(route.prefix.size(), route.video.size()) == route.video;
}

// Tells the configured seam about the player's next object (CMCD `nor`) and its buffer (`bl`).
void announce_next(const ProxyConfig& config, std::string_view path, const CmcdKeys& cmcd) {
  if (!config.next_object) return;
  auto next = cmcd.find("nor");
  if (next == cmcd.end() || next->second.type != CmcdValue::Type::kString) return;
  int64_t buffer_ms = -1;
  if (auto bl = cmcd.find("bl"); bl != cmcd.end() && bl->second.type == CmcdValue::Type::kInteger) {
    const std::string& text = bl->second.text;
    int64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error == std::errc() && end == text.data() + text.size()) buffer_ms = value;
  }
  config.next_object(path, next->second.text, buffer_ms);
}

}  // namespace

std::expected<std::unique_ptr<ProxyHandler>, std::string> ProxyHandler::create(
    core::server::WorkerContext& worker, std::shared_ptr<const ProxyConfig> config,
    const core::base::Clock& clock, AccessLogSink access_log, core::http::Handler* admin) {
  return create(worker, std::move(config), clock, std::move(access_log), admin,
                [](std::unique_ptr<ObjectSource> origins) { return origins; });
}

std::expected<std::unique_ptr<ProxyHandler>, std::string> ProxyHandler::create(
    core::server::WorkerContext& worker, std::shared_ptr<const ProxyConfig> config,
    const core::base::Clock& clock, AccessLogSink access_log, core::http::Handler* admin,
    const SourceWrapper& wrap) {
  if (!config) return std::unexpected("no proxy configuration");
  if (auto checked = check_config(*config); !checked) return std::unexpected(checked.error());
  auto trusted = TrustedProxies::parse(config->trusted_proxies);
  if (!trusted) return std::unexpected("trusted proxies: " + trusted.error());
  std::vector<std::string> authorities;
  for (const std::string& url : config->origins) {
    auto origin = core::client::parse_origin_url(url);
    if (!origin) return std::unexpected("origin \"" + url + "\": " + origin.error());
    authorities.push_back(origin->authority);
  }

  auto shared = std::shared_ptr<ProxyShared>(new ProxyShared{
      std::move(config), clock, std::move(access_log), std::move(*trusted), {}, {}, {}});
  core::metrics::Registry* registry = worker.metrics;
  if (registry == nullptr) {
    shared->own_registry = std::make_unique<core::metrics::Registry>();
    registry = shared->own_registry.get();
  }
  shared->metrics = std::make_unique<ProxyMetrics>(*registry, authorities);
  auto origins =
      OriginSource::create(worker.loop, *shared->config, clock, *shared->metrics, registry);
  if (!origins) return std::unexpected(origins.error());
  shared->source = wrap(std::move(*origins));
  if (!shared->source) return std::unexpected("the source wrapper returned no source");
  return std::unique_ptr<ProxyHandler>(new ProxyHandler(std::move(shared), admin));
}

ProxyHandler::ProxyHandler(std::shared_ptr<ProxyShared> shared, core::http::Handler* admin)
    : shared_(std::move(shared)),
      admin_(admin),
      via_(via_hop(kResponseViaProtocol, shared_->config->pop)) {}

ProxyMetrics& ProxyHandler::metrics() {
  return *shared_->metrics;
}

void ProxyHandler::on_request(core::http::Stream& stream) {
  // receive
  RequestLog log = open_request_log(*shared_, stream.request());
  // route
  const core::http::Request& request = stream.request();
  const ProxyConfig& config = *shared_->config;
  auto route = route_target(request.target, config.prefixes, config.admin_prefix);
  if (!route) {
    shared_->metrics->path_rejected(route.error());
    refuse(*shared_, stream, log, Outcome::kRejected, 400,
           "bad request: " + std::string(to_label(route.error())) + "\n");
    return;
  }
  if (route->kind == Route::Kind::kAdmin) {
    if (admin_ == nullptr) {
      refuse(*shared_, stream, log, Outcome::kNotFound, 404, "not found\n");
      return;
    }
    shared_->metrics->request(Outcome::kAdmin);
    admin_->on_request(stream);
    return;
  }
  if (request.method != "GET" && request.method != "HEAD") {
    refuse(*shared_, stream, log, Outcome::kMethodNotAllowed, 405, "method not allowed\n");
    return;
  }
  announce_next(config, request.path(), log.cmcd);
  MasterRoute master;
  if (config.route_master && is_master_playlist(request.path(), *route)) {
    master = config.route_master(request, route->video);
  }
  if (!master.location.empty()) {
    redirect(*shared_, stream, log, master.location);
    return;
  }
  shared_->metrics->range_rewritten(core::http::classify_range(request.headers));
  // lookup: a whole answer at hand goes out at once; anything else takes an exchange.
  if (!master.rewrite) {
    if (std::optional<ReadyAnswer> ready = shared_->source->answer_at_once(request)) {
      send_ready(*shared_, stream, log, via_, std::move(*ready));
      return;
    }
  }
  ObjectRequest object{make_upstream_request(request, {config.pop, shared_->trusted}),
                       std::string(route->video), stream.can_send_file()};
  if (master.rewrite) {
    // The viewer gets a body of the edge's making: the origin's validators and byte offsets
    // say nothing about it, so the whole original is asked for, in memory.
    object.file_chunks = false;
    for (std::string_view name : {"range", "if-range", "if-none-match", "if-modified-since"}) {
      object.request.headers.remove(name);
    }
  }
  auto exchange = std::make_unique<ProxyExchange>(shared_, stream, std::move(log));
  ProxyExchange& started = *exchange;
  stream.attach(std::move(exchange));
  started.fetch(std::move(object), std::move(master.rewrite));
}

}  // namespace edge::proxy
