// GET and HEAD of /v/{video}/...: published HLS files from storage with the caching headers
// of DESIGN.md (segments, init and thumbnails immutable for a year, playlists for a short
// configurable time), a strong ETag, Last-Modified, 304s and one byte range (206/416). Files
// are opened and read on the service's pool, one bounded chunk per pull of the stream.
#pragma once

#include <memory>

#include "core/http/stream.h"
#include "core/server/http_date.h"
#include "core/server/mailbox.h"
#include "origin/api/hls_path.h"
#include "origin/api/replies.h"
#include "origin/api/service.h"

namespace origin::api {

class HlsFiles {
 public:
  HlsFiles(Service& service, std::shared_ptr<core::server::Mailbox> mailbox, Replies& replies)
      : service_(service), mailbox_(std::move(mailbox)), replies_(replies) {}

  // `file` is what parse_hls_path() made of the request's path.
  void serve(core::http::Stream& stream, HlsFile file);

 private:
  struct Opened;
  void answer(core::http::Stream& stream, const HlsFile& file, const Opened& opened);

  Service& service_;
  std::shared_ptr<core::server::Mailbox> mailbox_;
  Replies& replies_;
  core::server::HttpDate dates_;
};

}  // namespace origin::api
