// OriginHandler: the routing table of origind, by path prefix and then method.
#include "origin/api/origin_handler.h"

#include "origin/store/ids.h"

namespace origin::api {
namespace {

constexpr std::string_view kUploads = "/api/uploads";
constexpr std::string_view kVideos = "/api/videos/";
constexpr std::string_view kComplete = "/complete";
constexpr std::string_view kEvents = "/api/events";
constexpr std::string_view kFeed = "/api/feed";
constexpr std::string_view kRegionFeed = "/api/feed/region/";

}  // namespace

OriginHandler::OriginHandler(Service& service, core::server::WorkerContext& worker)
    : service_(service),
      replies_(*worker.metrics),
      uploads_(service, worker.mailbox, replies_),
      videos_(service, worker.mailbox, replies_),
      files_(service, worker.mailbox, replies_),
      feeds_(service, worker.loop, worker.mailbox, replies_) {}

void OriginHandler::on_request(core::http::Stream& stream) {
  const core::http::Request& request = stream.request();
  std::string_view path = request.path();
  const std::string& method = request.method;
  if (path.starts_with(kVideoPrefix)) {
    if (method != "GET" && method != "HEAD") return wrong_method(stream, "hls", "GET, HEAD");
    auto file = parse_hls_path(path);
    if (!file) return replies_.error(stream, "hls", 404, "not found");
    return files_.serve(stream, std::move(*file));
  }
  if (path.starts_with("/api/")) return route_api(stream, path);
  if (path == "/healthz") {
    if (method != "GET" && method != "HEAD") return wrong_method(stream, "admin", "GET, HEAD");
    return replies_.json(stream, "admin", 200, {{"status", "ok"}});
  }
  if (path == "/metrics") {
    if (method != "GET") return wrong_method(stream, "admin", "GET");
    replies_.count("admin", 200);
    return stream.respond_with(200, "text/plain; version=0.0.4", service_.exposition().render());
  }
  replies_.error(stream, "other", 404, "not found");
}

void OriginHandler::route_api(core::http::Stream& stream, std::string_view path) {
  const std::string& method = stream.request().method;
  if (path == kUploads) {
    if (method != "POST") return wrong_method(stream, "uploads", "POST");
    return uploads_.create(stream);
  }
  if (path.starts_with(kUploads) && path[kUploads.size()] == '/') {
    std::string_view rest = path.substr(kUploads.size() + 1);
    if (rest.ends_with(kComplete)) {
      std::string_view id = rest.substr(0, rest.size() - kComplete.size());
      if (!store::is_valid_id(id)) return replies_.error(stream, "complete", 404, "no such upload");
      if (method != "POST") return wrong_method(stream, "complete", "POST");
      return uploads_.complete(stream, id);
    }
    if (!store::is_valid_id(rest))
      return replies_.error(stream, "upload_chunk", 404, "no such upload");
    if (method == "PUT") return uploads_.put_chunk(stream, rest);
    if (method == "GET") return uploads_.status(stream, rest);
    return wrong_method(stream, "upload_chunk", "GET, PUT");
  }
  if (path == kEvents) {
    if (method != "POST") return wrong_method(stream, "events", "POST");
    return feeds_.events(stream);
  }
  if (path == kFeed) {
    if (method != "GET") return wrong_method(stream, "feed", "GET");
    return feeds_.viewer_feed(stream);
  }
  if (path.starts_with(kRegionFeed)) {
    if (method != "GET") return wrong_method(stream, "region_feed", "GET");
    return feeds_.region_feed(stream, path.substr(kRegionFeed.size()));
  }
  if (path.starts_with(kVideos)) {
    std::string_view id = path.substr(kVideos.size());
    if (!store::is_valid_id(id)) return replies_.error(stream, "video", 404, "no such video");
    if (method == "GET") return videos_.get(stream, id);
    if (method == "DELETE") return videos_.remove(stream, id);
    return wrong_method(stream, "video", "GET, DELETE");
  }
  replies_.error(stream, "other", 404, "not found");
}

void OriginHandler::wrong_method(core::http::Stream& stream, std::string_view route,
                                 std::string_view allow) {
  core::http::ResponseHead head;
  head.headers.set("allow", allow);
  replies_.json(stream, route, 405, {{"error", "method not allowed"}}, std::move(head));
}

}  // namespace origin::api
