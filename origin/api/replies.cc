// Replies: the store's error codes map onto HTTP statuses here, in one place.
#include "origin/api/replies.h"

#include "origin/api/api_metrics.h"

namespace origin::api {
namespace {

std::string_view status_class(int status) {
  if (status < 300) return "2xx";
  if (status < 400) return "3xx";
  if (status < 500) return "4xx";
  return "5xx";
}

int status_of(store::ErrorCode code) {
  switch (code) {
    case store::ErrorCode::kNotFound:
      return 404;
    case store::ErrorCode::kConflict:
    case store::ErrorCode::kIncomplete:
      return 409;
    case store::ErrorCode::kQuotaExceeded:
      return 403;
    case store::ErrorCode::kOutOfRange:
      return 416;
    case store::ErrorCode::kStorage:
    case store::ErrorCode::kCorrupt:
      return 500;
  }
  return 500;
}

}  // namespace

void Replies::json(core::http::Stream& stream, std::string_view route, int status,
                   const nlohmann::json& body, core::http::ResponseHead head) {
  head.status = status;
  head.headers.set("content-type", "application/json");
  head.headers.set("cache-control", "no-store");
  count(route, status);
  stream.respond_with(std::move(head), body.dump() + "\n");
}

void Replies::error(core::http::Stream& stream, std::string_view route, int status,
                    std::string_view message) {
  json(stream, route, status, {{"error", message}});
}

void Replies::store_error(core::http::Stream& stream, std::string_view route,
                          const store::Error& e) {
  error(stream, route, status_of(e.code), e.what);
}

void Replies::count(std::string_view route, int status) {
  metrics_.counter(families::kRequests, {route, status_class(status)}).inc();
}

}  // namespace origin::api
