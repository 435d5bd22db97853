// FeedWorker::ingest: check the batch against the catalog, read what the writes depend on,
// then apply the batch in one transaction. Only an applied batch is answered 200.
#include <memory>

#include "origin/feed/event_writes.h"
#include "origin/feed/feed_worker.h"

namespace origin::feed {

void FeedWorker::ingest(std::string body, ReplyDone done) {
  auto snapshot = shared_.board.current();
  int64_t now_ms = shared_.clock.unix_seconds() * 1000;
  auto batch = parse_event_batch(body, *snapshot->catalog,
                                 {.max_events = shared_.config.max_batch_events, .now_ms = now_ms});
  if (!batch) {
    int status = batch.error().starts_with("batch of") ? 413 : 400;
    return done({status, {{"error", batch.error()}}});
  }
  nlohmann::json rejected = nlohmann::json::array();
  for (const Rejection& r : batch->rejected)
    rejected.push_back({{"index", r.index}, {"error", r.reason}});
  if (batch->events.empty()) {
    return done({batch->rejected.empty() ? 200 : 400,
                 {{"accepted", 0}, {"rejected", std::move(rejected)}}});
  }
  struct Work {
    std::shared_ptr<const FeedSnapshot> snapshot;
    EventBatch batch;
    std::unique_ptr<EventWrites> writes;
    nlohmann::json rejected;
  };
  auto work =
      std::make_shared<Work>(Work{snapshot, std::move(*batch), nullptr, std::move(rejected)});
  work->writes = std::make_unique<EventWrites>(keys_, shared_.config, *work->snapshot->catalog,
                                               work->batch, now_ms);
  auto unavailable = [](const core::redis::Unavailable& error) {
    return FeedReply{503, {{"error", "events cannot be kept now: " + error.reason}}};
  };
  auto apply = [this, work, done, unavailable](const std::vector<core::redis::Reply>& reads) {
    redis_.send(work->writes->writes(reads), [work, done,
                                              unavailable](core::redis::PipelineResult result) {
      if (!result) return done(unavailable(result.error()));
      if (!applied(*result)) return done({500, {{"error", "redis refused the batch"}}});
      done({200,
            {{"accepted", work->batch.events.size()}, {"rejected", std::move(work->rejected)}}});
    });
  };
  std::vector<core::redis::Command> reads = work->writes->reads();
  if (reads.empty()) return apply({});
  redis_.send(std::move(reads), [apply, done, unavailable](core::redis::PipelineResult replies) {
    if (!replies) return done(unavailable(replies.error()));
    apply(*replies);
  });
}

}  // namespace origin::feed
