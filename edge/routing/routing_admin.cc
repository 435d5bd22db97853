// RoutingAdmin: the steering manifest is as cacheable as its TTL, and only by the player.
#include "edge/routing/routing_admin.h"

#include <nlohmann/json.hpp>

namespace edge::routing {
namespace {

void answer(core::http::Stream& stream, int status, const nlohmann::json& body) {
  stream.respond_with(status, "application/json", body.dump() + "\n");
}

}  // namespace

RoutingAdmin::RoutingAdmin(GeoRouter& router, core::http::Handler& next, std::string admin_secret,
                           const core::base::Clock& clock)
    : router_(router), next_(next), verifier_(std::move(admin_secret)), clock_(clock) {}

void RoutingAdmin::on_request(core::http::Stream& stream) {
  const core::http::Request& request = stream.request();
  const std::string_view path = request.path();
  if (path == GeoRouter::kSteerPath) {
    if (request.method != "GET" && request.method != "HEAD") {
      answer(stream, 405, {{"error", "use GET"}});
      return;
    }
    steer(stream);
    return;
  }
  if (path == kDrainPath) {
    if (request.method != "POST") {
      answer(stream, 405, {{"error", "use POST"}});
      return;
    }
    drain(stream);
    return;
  }
  next_.on_request(stream);
}

void RoutingAdmin::steer(core::http::Stream& stream) {
  std::optional<std::string> manifest = router_.steering_manifest(stream.request());
  if (!manifest) {
    answer(stream, 400, {{"error", "video: missing or not an id (A-Z a-z 0-9 . _ -)"}});
    return;
  }
  core::http::ResponseHead head;
  head.status = 200;
  head.headers.add("content-type", "application/json");
  head.headers.add("cache-control", "private, no-cache");
  if (stream.request().method == "HEAD") {
    head.content_length = manifest->size();
    stream.respond(std::move(head), false);
    return;
  }
  stream.respond_with(std::move(head), std::move(*manifest));
}

void RoutingAdmin::drain(core::http::Stream& stream) {
  const core::http::Request& request = stream.request();
  if (auto verified = verifier_.verify(request, clock_.unix_seconds()); !verified) {
    answer(stream, 401,
           {{"error", "signature refused"},
            {"reason", std::string(admin::to_label(verified.error()))}});
    return;
  }
  const nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  const std::string& pop = router_.table().pop(router_.table().local()).name;
  if (!body.is_object() || !body.contains("draining") || !body["draining"].is_boolean() ||
      !body.contains("pop") || !body["pop"].is_string()) {
    answer(stream, 400, {{"error", "the body must be {\"pop\": NAME, \"draining\": true|false}"}});
    return;
  }
  // The secret is the fleet's: a drain signed for one PoP must not drain the others.
  if (body["pop"].get<std::string>() != pop) {
    answer(stream, 400, {{"error", "this is PoP " + pop}});
    return;
  }
  router_.drain(body["draining"].get<bool>());
  answer(stream, 200, {{"pop", pop}, {"draining", router_.draining()}});
}

}  // namespace edge::routing
