// Requests of the control plane and what counts as success for each.
#include "control/plane/edge_network.h"

#include <algorithm>
#include <chrono>

#include "core/auth/admin_signature.h"

namespace control::plane {
namespace {

core::http::Request request(std::string method, std::string target) {
  core::http::Request request;
  request.method = std::move(method);
  request.target = std::move(target);
  return request;
}

std::string status_error(int status) {
  return "status " + std::to_string(status);
}

}  // namespace

std::expected<std::unique_ptr<EdgeNetwork>, std::string> EdgeNetwork::create(
    event_base* loop, const config::ControlConfig& config, const core::base::Clock& clock) {
  std::unique_ptr<EdgeNetwork> network(new EdgeNetwork(config, clock));
  auto origin = core::client::HttpEndpoint::create(loop, config.origin, config.request_timeout);
  if (!origin) return std::unexpected("origin: " + origin.error());
  network->origin_ = std::move(*origin);
  for (const config::PopConfig& pop : config.pops) {
    for (const std::string& url : pop.edges) {
      if (network->edges_.contains(url)) continue;
      auto endpoint = core::client::HttpEndpoint::create(loop, url, config.request_timeout);
      if (!endpoint) return std::unexpected("pop " + pop.name + ": " + endpoint.error());
      network->edges_[url] = std::move(*endpoint);
    }
  }
  return network;
}

core::client::HttpEndpoint* EdgeNetwork::edge(const std::string& url) {
  auto it = edges_.find(url);
  return it == edges_.end() ? nullptr : it->second.get();
}

void EdgeNetwork::fetch_feed(const std::string& region, FeedDone done) {
  // The origin takes whole seconds, at least one.
  const int64_t horizon_s = std::max<int64_t>(
      1, std::chrono::duration_cast<std::chrono::seconds>(config_.horizon).count());
  const std::string target = "/api/feed/region/" + region +
                             "?count=" + std::to_string(config_.feed_count) +
                             "&horizon=" + std::to_string(horizon_s);
  origin_->call(
      request("GET", target),
      [done = std::move(done)](std::expected<core::client::HttpReply, std::string> reply) {
        if (!reply) return done(std::unexpected(reply.error()));
        if (reply->status != 200) return done(std::unexpected(status_error(reply->status)));
        done(std::move(reply->body));
      });
}

void EdgeNetwork::push_hint(const std::string& edge_url, const std::string& body, PushDone done) {
  core::client::HttpEndpoint* endpoint = edge(edge_url);
  if (endpoint == nullptr) return done(std::unexpected("not a configured edge"));
  core::http::Request post = request("POST", "/_edge/prewarm");
  post.headers.set("content-type", "application/json");
  core::auth::add_signature(post.headers, config_.admin_secret, clock_.unix_seconds(), body);
  post.body = body;
  endpoint->call(
      post, [done = std::move(done)](std::expected<core::client::HttpReply, std::string> reply) {
        if (!reply) return done(std::unexpected(reply.error()));
        if (reply->status < 200 || reply->status > 299)
          return done(std::unexpected(status_error(reply->status)));
        done({});
      });
}

void EdgeNetwork::check_health(const std::string& edge_url, std::function<void(bool)> done) {
  core::client::HttpEndpoint* endpoint = edge(edge_url);
  if (endpoint == nullptr) return done(false);
  endpoint->call(
      request("GET", "/healthz"),
      [done = std::move(done)](std::expected<core::client::HttpReply, std::string> reply) {
        done(reply && reply->status == 200);
      });
}

}  // namespace control::plane
