// GET /api/videos/{id}: the video's status and metadata; DELETE /api/videos/{id}: removes
// it, its upload and its outputs. A delete while the video transcodes makes the job stop
// (the runner polls the store) and the runner removes whatever it had written.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string_view>

#include "core/http/stream.h"
#include "core/server/mailbox.h"
#include "origin/api/replies.h"
#include "origin/api/service.h"

namespace origin::api {

class VideoRoutes {
 public:
  VideoRoutes(Service& service, std::shared_ptr<core::server::Mailbox> mailbox, Replies& replies)
      : service_(service), mailbox_(std::move(mailbox)), replies_(replies) {}

  void get(core::http::Stream& stream, std::string_view id);
  void remove(core::http::Stream& stream, std::string_view id);

 private:
  Service& service_;
  std::shared_ptr<core::server::Mailbox> mailbox_;
  Replies& replies_;
};

// {id, status, title, creator, hashtags, duration_ms, width, height, renditions, created_at,
// updated_at, master (ready only), reason (failed only)}.
nlohmann::json video_json(const store::Video& video);

}  // namespace origin::api
