// JSON answers of the API, counted by route and status class.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "core/http/stream.h"
#include "core/metrics/registry.h"
#include "origin/store/store.h"

namespace origin::api {

class Replies {
 public:
  explicit Replies(core::metrics::Registry& metrics) : metrics_(metrics) {}

  // `body` as JSON with Cache-Control: no-store; extra headers in `head`.
  void json(core::http::Stream& stream, std::string_view route, int status,
            const nlohmann::json& body, core::http::ResponseHead head = {});
  // {"error": message}.
  void error(core::http::Stream& stream, std::string_view route, int status,
             std::string_view message);
  // A store error as its HTTP status (404, 409, 403, 416, 500).
  void store_error(core::http::Stream& stream, std::string_view route, const store::Error& e);
  // Counts a response sent some other way.
  void count(std::string_view route, int status);
  core::metrics::Registry& metrics() { return metrics_; }

 private:
  core::metrics::Registry& metrics_;
};

}  // namespace origin::api
