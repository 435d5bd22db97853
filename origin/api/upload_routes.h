// The upload API of DESIGN.md: POST /api/uploads creates an upload (and its video id),
// PUT /api/uploads/{id} stores one chunk named by Content-Range, GET /api/uploads/{id} (or a
// PUT with "bytes */total") says which ranges have arrived, and
// POST /api/uploads/{id}/complete checks the SHA-256 of the whole file and queues the
// transcode. Chunks are resumable and idempotent: a client that lost a connection asks what
// arrived and sends the rest; repeating a chunk already held changes nothing.
#pragma once

#include <memory>
#include <string_view>

#include "core/http/stream.h"
#include "core/server/mailbox.h"
#include "origin/api/replies.h"
#include "origin/api/service.h"

namespace origin::api {

class UploadRoutes {
 public:
  UploadRoutes(Service& service, std::shared_ptr<core::server::Mailbox> mailbox, Replies& replies)
      : service_(service), mailbox_(std::move(mailbox)), replies_(replies) {}

  void create(core::http::Stream& stream);
  void put_chunk(core::http::Stream& stream, std::string_view id);
  void status(core::http::Stream& stream, std::string_view id);
  void complete(core::http::Stream& stream, std::string_view id);

 private:
  Service& service_;
  std::shared_ptr<core::server::Mailbox> mailbox_;
  Replies& replies_;
};

// The upload's state as the API shows it: {video, size, received: [[first, last]...], complete}.
nlohmann::json upload_json(const store::Upload& upload);

}  // namespace origin::api
