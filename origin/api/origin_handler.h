// origind's request handler, one per worker: routes the origin API (uploads, videos, events,
// feeds), the HLS files under /v/, /healthz and /metrics, and refuses anything else.
#pragma once

#include <memory>

#include "core/http/stream.h"
#include "core/server/server.h"
#include "origin/api/feed_routes.h"
#include "origin/api/hls_files.h"
#include "origin/api/replies.h"
#include "origin/api/service.h"
#include "origin/api/upload_routes.h"
#include "origin/api/video_routes.h"

namespace origin::api {

class OriginHandler final : public core::http::Handler {
 public:
  // On the worker's thread; `worker.mailbox` must be set.
  OriginHandler(Service& service, core::server::WorkerContext& worker);

  void on_request(core::http::Stream& stream) override;

 private:
  void route_api(core::http::Stream& stream, std::string_view path);
  void wrong_method(core::http::Stream& stream, std::string_view route, std::string_view allow);

  Service& service_;
  Replies replies_;
  UploadRoutes uploads_;
  VideoRoutes videos_;
  HlsFiles files_;
  FeedRoutes feeds_;
};

}  // namespace origin::api
