// Event batches are applied on a thread of their own, with its own loop and Redis connection.
// Turning a batch into Redis commands and reading Redis's answers takes milliseconds of CPU
// for a few hundred events; on a worker's loop, the feeds that worker serves would wait that
// long. Here they never do, and Redis answers the feed connections and this one in turn.
#pragma once

#include <event2/event.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "core/base/unique_handle.h"
#include "core/metrics/registry.h"
#include "core/redis/async_client.h"
#include "core/server/mailbox.h"
#include "origin/feed/feed_worker.h"

namespace origin::feed {

class EventIngestor {
 public:
  // Starts the thread; null when libevent cannot make a loop. Every reference in `shared` must
  // outlive the ingestor.
  static std::unique_ptr<EventIngestor> start(FeedShared shared);
  // Stops and joins the thread; batches not yet answered are dropped unanswered.
  ~EventIngestor();
  EventIngestor(const EventIngestor&) = delete;
  EventIngestor& operator=(const EventIngestor&) = delete;

  // Any thread: FeedWorker::ingest on the ingestor's thread, where `done` runs. With
  // max_batches_waiting batches unanswered already, `done` gets 503 at once, on the caller's
  // thread: Redis applies batches in turn, and senders faster than that would otherwise fill
  // memory with batches that wait ever longer.
  void submit(std::string body, ReplyDone done);

  // The batch and event counters; written by the ingestor's thread only.
  const core::metrics::Registry& metrics() const { return metrics_; }

 private:
  using Loop = core::base::UniqueHandle<event_base, event_base_free>;
  EventIngestor(FeedShared shared, Loop loop, std::shared_ptr<core::server::Mailbox> mailbox);

  Loop loop_;
  std::shared_ptr<core::server::Mailbox> mailbox_;
  core::metrics::Registry metrics_;
  const std::size_t max_waiting_;
  std::atomic<std::size_t> waiting_ = 0;  // submitted, not yet answered
  std::unique_ptr<core::redis::AsyncClient> redis_;
  std::unique_ptr<FeedWorker> worker_;
  std::thread thread_;
};

}  // namespace origin::feed
