// The feed routes of one worker: GET /api/feed and GET /api/feed/region/{R}, answered from the
// worker's own Redis connection, and POST /api/events, handed to the event ingestor's thread
// (origin/feed).
#pragma once

#include <memory>
#include <string_view>

#include "core/http/stream.h"
#include "core/redis/async_client.h"
#include "core/server/mailbox.h"
#include "origin/api/replies.h"
#include "origin/api/service.h"
#include "origin/feed/event_ingestor.h"
#include "origin/feed/feed_worker.h"

struct event_base;

namespace origin::api {

class FeedRoutes {
 public:
  // On the worker's thread, whose loop is `loop` and mailbox `mailbox`.
  FeedRoutes(Service& service, event_base* loop, std::shared_ptr<core::server::Mailbox> mailbox,
             Replies& replies);

  void events(core::http::Stream& stream);
  void viewer_feed(core::http::Stream& stream);
  void region_feed(core::http::Stream& stream, std::string_view region);

 private:
  void answer(core::http::Stream& stream, std::string_view route, feed::FeedReply reply);

  Replies& replies_;
  feed::EventIngestor& ingestor_;
  std::shared_ptr<core::server::Mailbox> mailbox_;
  // Declared before the worker: destroyed after it, dropping the callbacks still pending.
  std::unique_ptr<core::redis::AsyncClient> redis_;
  feed::FeedWorker worker_;
};

}  // namespace origin::api
