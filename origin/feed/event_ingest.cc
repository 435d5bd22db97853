// FeedWorker::ingest: check the batch against the catalog, read what the writes depend on,
// then apply the batch in one transaction. Only an applied batch is answered 200.
#include <algorithm>
#include <memory>

#include "origin/feed/event_writes.h"
#include "origin/feed/feed_metrics.h"
#include "origin/feed/feed_worker.h"

namespace origin::feed {

void FeedWorker::ingest(std::string body, ReplyDone done) {
  auto snapshot = shared_.board.current();
  int64_t now_ms = shared_.clock.unix_seconds() * 1000;
  auto batch = parse_event_batch(body, *snapshot->catalog,
                                 {.max_events = shared_.config.max_batch_events, .now_ms = now_ms});
  if (!batch) {
    metrics_.counter(families::kBatches, {"refused"}).inc();
    count_refused("bad_batch", 1);
    int status = batch.error().starts_with("batch of") ? 413 : 400;
    return done({status, {{"error", batch.error()}}});
  }
  nlohmann::json rejected = nlohmann::json::array();
  for (const Rejection& r : batch->rejected) {
    rejected.push_back({{"index", r.index}, {"error", r.reason}});
    count_refused(r.reason, 1);
  }
  if (batch->events.empty()) {
    metrics_.counter(families::kBatches, {"refused"}).inc();
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
  auto unavailable = [this, work](const core::redis::Unavailable& error) {
    metrics_.counter(families::kBatches, {"unavailable"}).inc();
    count_refused("redis_unavailable", work->batch.events.size());
    return FeedReply{503, {{"error", "events cannot be kept now: " + error.reason}}};
  };
  auto apply = [this, work, done, unavailable](const std::vector<core::redis::Reply>& reads) {
    redis_.send(work->writes->writes(reads), [this, work, done,
                                              unavailable](core::redis::PipelineResult result) {
      if (!result) return done(unavailable(result.error()));
      if (!applied(*result)) {
        metrics_.counter(families::kBatches, {"redis_error"}).inc();
        return done({500, {{"error", "redis refused the batch"}}});
      }
      metrics_.counter(families::kBatches, {"kept"}).inc();
      metrics_.counter(families::kEventsKept).inc(work->batch.events.size());
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

void FeedWorker::count_refused(std::string_view reason, uint64_t events) {
  std::string label(reason);
  std::replace(label.begin(), label.end(), ' ', '_');
  metrics_.counter(families::kEventsRefused, {label}).inc(events);
}

ReplyDone FeedWorker::counted(std::string_view kind, ReplyDone done) {
  auto start = shared_.clock.now();
  return [this, kind, start, done = std::move(done)](FeedReply reply) {
    metrics_.counter(families::kFeeds, {kind, reply.fallback ? "fallback" : "redis"}).inc();
    std::chrono::duration<double> took = shared_.clock.now() - start;
    metrics_.histogram(families::kFeedSeconds, {kind}).observe(took.count());
    done(std::move(reply));
  };
}

}  // namespace origin::feed
