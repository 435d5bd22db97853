// FeedWorker::ingest: check the batch against the catalog, mark its viewers active and read
// what the writes depend on, then apply it in small transactions, all sent in one pipeline: one
// per part of the batch for its viewers' own keys, then the changes the parts share
// (event_writes.h). Only a batch applied whole is answered 200. A connection lost after sending
// may have applied part of it: the sender's retry then counts that part twice (events are kept
// at least once).
#include <algorithm>
#include <iterator>
#include <memory>
#include <span>

#include "origin/feed/event_writes.h"
#include "origin/feed/feed_metrics.h"
#include "origin/feed/feed_worker.h"

namespace origin::feed {
namespace {

// Events per Redis transaction. A transaction holds Redis for tens of microseconds an event,
// and the feed reads of every worker wait behind it: small ones keep those waits short.
constexpr std::size_t kEventsPerTransaction = 8;

// The batch cut into transactions of about kEventsPerTransaction events, a viewer's events
// all in one (in their order), so that what one event of a viewer reads (their previous
// event, their earlier completions) is never changed by another transaction of the batch.
std::vector<EventBatch> viewer_chunks(std::vector<Event> events) {
  std::stable_sort(events.begin(), events.end(),
                   [](const Event& a, const Event& b) { return a.what.user < b.what.user; });
  std::vector<EventBatch> chunks;
  for (Event& event : events) {
    bool new_viewer = chunks.empty() || chunks.back().events.back().what.user != event.what.user;
    if (chunks.empty() || (new_viewer && chunks.back().events.size() >= kEventsPerTransaction))
      chunks.emplace_back();
    chunks.back().events.push_back(std::move(event));
  }
  return chunks;
}

std::size_t events_in(const std::vector<EventBatch>& chunks) {
  std::size_t n = 0;
  for (const EventBatch& chunk : chunks)
    n += chunk.events.size();
  return n;
}

}  // namespace

void FeedWorker::ingest(const std::string& body, const ReplyDone& done) {
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
    int64_t now_ms;
    std::vector<EventBatch> chunks;
    std::vector<std::unique_ptr<EventWrites>> writes;  // one per chunk
    std::unique_ptr<ActiveMarks> marks;
    nlohmann::json rejected;
  };
  auto work = std::make_shared<Work>(
      Work{snapshot, now_ms, viewer_chunks(std::move(batch->events)), {}, {}, std::move(rejected)});
  work->marks = std::make_unique<ActiveMarks>(keys_, shared_.config, work->chunks, now_ms);
  std::vector<core::redis::Command> reads;
  std::vector<std::size_t> read_counts;
  for (const EventBatch& chunk : work->chunks) {
    work->writes.push_back(std::make_unique<EventWrites>(keys_, shared_.config,
                                                         *work->snapshot->catalog, chunk, now_ms));
    std::vector<core::redis::Command> chunk_reads = work->writes.back()->reads();
    read_counts.push_back(chunk_reads.size());
    std::move(chunk_reads.begin(), chunk_reads.end(), std::back_inserter(reads));
  }
  std::vector<core::redis::Command> marks = work->marks->take_commands();
  std::move(marks.begin(), marks.end(), std::back_inserter(reads));
  auto unavailable = [this, work](const core::redis::Unavailable& error) {
    metrics_.counter(families::kBatches, {"unavailable"}).inc();
    count_refused("redis_unavailable", events_in(work->chunks));
    return FeedReply{503, {{"error", "events cannot be kept now: " + error.reason}}};
  };
  auto apply = [this, work, done, unavailable,
                read_counts](const std::vector<core::redis::Reply>& replies) {
    std::vector<core::redis::Command> writes;
    std::vector<std::size_t> write_counts;  // commands per transaction: the parts', then shared
    SharedChanges common;
    std::span<const core::redis::Reply> rest(replies);
    for (std::size_t i = 0; i < work->chunks.size(); ++i) {
      std::size_t n = std::min(read_counts[i], rest.size());
      std::vector<core::redis::Command> chunk_writes =
          work->writes[i]->writes(rest.first(n), common);
      rest = rest.subspan(n);
      write_counts.push_back(chunk_writes.size());
      std::move(chunk_writes.begin(), chunk_writes.end(), std::back_inserter(writes));
    }
    if (!work->marks->count_sessions(rest, common)) {
      metrics_.counter(families::kBatches, {"redis_error"}).inc();
      return done({500, {{"error", "redis refused part of the batch"}, {"accepted", 0}}});
    }
    for (std::vector<core::redis::Command>& transaction :
         shared_writes(keys_, shared_.config, *work->snapshot->catalog, common, work->now_ms)) {
      write_counts.push_back(transaction.size());
      std::move(transaction.begin(), transaction.end(), std::back_inserter(writes));
    }
    redis_.send(std::move(writes), [this, work, done, unavailable,
                                    write_counts](core::redis::PipelineResult result) {
      if (!result) return done(unavailable(result.error()));
      // A part's events count as kept when its viewers' transaction and every shared one
      // applied: a failed shared transaction (one for all parts) leaves no event whole. What
      // did apply stays; the sender's retry counts it again (at least once, as above).
      std::size_t kept = 0;
      bool shared_applied = true;
      std::span<const core::redis::Reply> answers(*result);
      for (std::size_t i = 0; i < write_counts.size(); ++i) {
        std::size_t n = std::min(write_counts[i], answers.size());
        bool ok = core::redis::transaction_applied(answers.first(n));
        if (i < work->chunks.size()) {
          if (ok) kept += work->chunks[i].events.size();
        } else {
          shared_applied = shared_applied && ok;
        }
        answers = answers.subspan(n);
      }
      if (!shared_applied) kept = 0;
      metrics_.counter(families::kEventsKept).inc(kept);
      if (kept != events_in(work->chunks)) {
        metrics_.counter(families::kBatches, {"redis_error"}).inc();
        return done({500, {{"error", "redis refused part of the batch"}, {"accepted", kept}}});
      }
      metrics_.counter(families::kBatches, {"kept"}).inc();
      done({200, {{"accepted", kept}, {"rejected", std::move(work->rejected)}}});
    });
  };
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
