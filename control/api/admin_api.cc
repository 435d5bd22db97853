// AdminApi: routing by path and method, then one short function per route.
#include "control/api/admin_api.h"

#include <nlohmann/json.hpp>

#include "control/api/pops_json.h"
#include "control/api/stream_guard.h"

namespace control::api {
namespace {

constexpr std::string_view kJson = "application/json";
constexpr std::string_view kMetricsType = "text/plain; version=0.0.4; charset=utf-8";
constexpr std::string_view kPopsPrefix = "/api/pops/";

void reply(core::http::Stream& stream, int status, std::string_view type, std::string body) {
  core::http::ResponseHead head;
  head.status = status;
  head.headers.add("content-type", type);
  head.headers.add("cache-control", "no-store");
  stream.respond_with(std::move(head), std::move(body));
}

void error(core::http::Stream& stream, int status, std::string_view message) {
  reply(stream, status, kJson, nlohmann::json{{"error", message}}.dump());
}

void redis_down(core::http::Stream& stream, const std::string& why) {
  error(stream, 503, "redis: " + why);
}

// "/api/pops/{name}/{action}" -> {name, action}; action may be empty.
std::pair<std::string, std::string> pop_path(std::string_view path) {
  path.remove_prefix(kPopsPrefix.size());
  const size_t slash = path.find('/');
  if (slash == std::string_view::npos) return {std::string(path), ""};
  return {std::string(path.substr(0, slash)), std::string(path.substr(slash + 1))};
}

}  // namespace

AdminApi::AdminApi(plane::Controller& controller, const config::ControlConfig& config,
                   const core::metrics::Exposition& exposition, const core::base::Clock& clock)
    : controller_(controller),
      config_(config),
      exposition_(exposition),
      clock_(clock),
      verifier_(config.admin_secret) {}

void AdminApi::on_request(core::http::Stream& stream) {
  const std::string_view path = stream.request().path();
  const std::string& method = stream.request().method;
  const bool get = method == "GET";
  if (path == "/healthz" && get) return reply(stream, 200, kJson, health_body());
  if (path == "/metrics" && get) return reply(stream, 200, kMetricsType, exposition_.render());
  if (path == "/api/pops" && get) return pops(stream);
  if (path == "/api/leader" && get) return leader(stream);
  if (!path.starts_with(kPopsPrefix)) return error(stream, 404, "no such path");
  const auto [name, action] = pop_path(path);
  if (config_.find_pop(name) == nullptr) return error(stream, 404, "no such PoP: " + name);
  if (action == "plan" && get) return plan(stream, name);
  if ((action == "drain" || action == "undrain") && method == "POST")
    return drain(stream, name, action == "drain");
  if (action == "plan" || action == "drain" || action == "undrain")
    return error(stream, 405, "method not allowed");
  error(stream, 404, "no such path");
}

std::string AdminApi::health_body() const {
  return nlohmann::json{{"status", "ok"},
                        {"id", controller_.id()},
                        {"leading", controller_.leading()},
                        {"redis", controller_.redis_up() ? "up" : "down"}}
      .dump();
}

void AdminApi::pops(core::http::Stream& stream) {
  controller_.store().load_snapshot(
      [answer = guard(stream)](std::expected<state::Snapshot, std::string> snapshot) {
        answer([&](core::http::Stream& s) {
          if (!snapshot) return redis_down(s, snapshot.error());
          reply(s, 200, kJson, pops_json(*snapshot));
        });
      });
}

void AdminApi::leader(core::http::Stream& stream) {
  controller_.store().load_snapshot(
      [this, answer = guard(stream)](std::expected<state::Snapshot, std::string> snapshot) {
        answer([&](core::http::Stream& s) {
          nlohmann::json body = {{"id", controller_.id()},
                                 {"leading", controller_.leading()},
                                 {"redis", snapshot ? "up" : "down"},
                                 {"leader", nullptr}};
          if (snapshot && !snapshot->leader.empty()) body["leader"] = snapshot->leader;
          reply(s, 200, kJson, body.dump());
        });
      });
}

void AdminApi::plan(core::http::Stream& stream, const std::string& pop) {
  controller_.store().load_plan(
      pop,
      [pop, answer = guard(stream)](std::expected<std::optional<std::string>, std::string> plan) {
        answer([&](core::http::Stream& s) {
          if (!plan) return redis_down(s, plan.error());
          if (!*plan) return error(s, 404, "no plan yet for " + pop);
          reply(s, 200, kJson, **plan);
        });
      });
}

void AdminApi::drain(core::http::Stream& stream, const std::string& pop, bool drained) {
  if (auto verified = verifier_.verify(stream.request(), clock_.unix_seconds()); !verified) {
    return error(stream, 401,
                 "signature refused: " + std::string(core::auth::to_label(verified.error())));
  }
  // The signature covers the body, not the path: the body must ask for what the path does.
  const auto body = nlohmann::json::parse(stream.request().body, nullptr, false);
  // json::value throws on a field of another type: read strings only, on the loop.
  const auto text = [&body](const char* field) {
    auto it = body.find(field);
    return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (!body.is_object() || text("pop") != pop ||
      text("action") != (drained ? "drain" : "undrain")) {
    return error(stream, 400, R"(the body must be {"pop": NAME, "action": "drain" or "undrain"})");
  }
  controller_.store().set_drained(
      pop, drained,
      [pop, drained, answer = guard(stream)](const std::expected<void, std::string>& done) {
        answer([&](core::http::Stream& s) {
          if (!done) return redis_down(s, done.error());
          reply(s, 200, kJson, nlohmann::json{{"pop", pop}, {"drained", drained}}.dump());
        });
      });
}

}  // namespace control::api
