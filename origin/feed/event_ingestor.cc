// EventIngestor: a loop thread that owns the ingesting FeedWorker and its Redis connection.
#include "origin/feed/event_ingestor.h"

#include <event2/thread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <utility>

#include "origin/feed/feed_metrics.h"

namespace origin::feed {
namespace {

constexpr int kNice = 10;

}  // namespace

std::unique_ptr<EventIngestor> EventIngestor::start(FeedShared shared) {
  // Other threads post into this loop's mailbox, so it needs libevent's locking, which must be
  // switched on before the loop exists.
  if (evthread_use_pthreads() != 0) return nullptr;
  Loop loop(event_base_new());
  if (!loop) return nullptr;
  auto mailbox = core::server::Mailbox::create(loop.get());
  if (!mailbox) return nullptr;
  return std::unique_ptr<EventIngestor>(
      new EventIngestor(shared, std::move(loop), std::move(mailbox)));
}

EventIngestor::EventIngestor(FeedShared shared, Loop loop,
                             std::shared_ptr<core::server::Mailbox> mailbox)
    : loop_(std::move(loop)),
      mailbox_(std::move(mailbox)),
      max_waiting_(shared.config.max_batches_waiting),
      redis_(std::make_unique<core::redis::AsyncClient>(
          loop_.get(), shared.config.redis,
          core::redis::ClientOptions{.command_timeout = shared.config.redis_timeout})),
      worker_(std::make_unique<FeedWorker>(shared, *redis_, metrics_)) {
  thread_ = std::thread([this] {
    // Feeds are what a viewer waits for; a batch of events can wait a little. On a busy host
    // the scheduler then hands the feed workers the CPU first. Lowering one's own priority
    // needs no privilege; where it fails, the thread simply runs at the usual priority.
    setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kNice);
    mailbox_->bind_to_this_thread();
    event_base_loop(loop_.get(), EVLOOP_NO_EXIT_ON_EMPTY);
    mailbox_->close();
  });
}

EventIngestor::~EventIngestor() {
  mailbox_->post([loop = loop_.get()] { event_base_loopbreak(loop); });
  thread_.join();
  worker_.reset();
  redis_.reset();
}

void EventIngestor::submit(std::string body, ReplyDone done) {
  if (waiting_.fetch_add(1, std::memory_order_relaxed) >= max_waiting_) {
    waiting_.fetch_sub(1, std::memory_order_relaxed);
    mailbox_->post([this] { metrics_.counter(families::kBatches, {"busy"}).inc(); });
    done({503, {{"error", "too many event batches waiting for redis; retry shortly"}}});
    return;
  }
  // The slot is free again when the last copy of the answer goes: answered, or dropped unanswered
  // (the ingestor stopping, a connection torn down with its callbacks).
  std::shared_ptr<void> slot(nullptr,
                             [this](void*) { waiting_.fetch_sub(1, std::memory_order_relaxed); });
  mailbox_->post([this, body = std::move(body), done = std::move(done), slot = std::move(slot)] {
    worker_->ingest(body, [done, slot](FeedReply reply) { done(std::move(reply)); });
  });
}

}  // namespace origin::feed
