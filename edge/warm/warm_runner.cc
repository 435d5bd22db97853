// WarmRunner: the loop side of pre-warming.
#include "edge/warm/warm_runner.h"

#include <algorithm>

#include "edge/cache/cache_key.h"
#include "edge/warm/warm_fetch.h"

namespace edge::warm {
namespace {

constexpr int64_t kViewerPausePollMs = 50;

}  // namespace

WarmRunner::WarmRunner(Warmer& warmer, cache::CacheSource& cache, event_base* loop, std::string pop)
    : warmer_(warmer),
      cache_(cache),
      probe_(cache.shared(), pop),
      pop_(std::move(pop)),
      retry_(evtimer_new(loop, &WarmRunner::on_retry, this)) {
  std::weak_ptr<char> alive = alive_;
  warmer_.attach(cache_.mailbox(), [this, alive] {
    if (alive.lock()) pump();
  });
  pump();
}

WarmRunner::~WarmRunner() {
  warmer_.detach();
  for (auto& [fetch, owned] : fetches_) {
    warmer_.finished(fetch->task().key, 0);
    account(fetch->task().hint, fetch->key(), prefetch::WarmOutcome::kFailed, 0);
  }
  fetches_.clear();
}

void WarmRunner::pump() {
  for (;;) {
    const size_t fills = cache_.shared().fills.in_flight();
    const size_t viewer_misses = fills - std::min(fills, fetches_.size());
    prefetch::WarmQueue::Next next = warmer_.take(probe_, viewer_misses);
    account_dropped(next);
    if (!next.task) {
      if (next.retry_at_ms >= 0) {
        arm_retry(next.retry_at_ms);
      } else if (fetches_.empty() && warmer_.queued() > 0) {
        // Paused for viewers' misses: no warm of ours will end to wake us, so look again soon.
        arm_retry(cache_.clock().unix_millis() + kViewerPausePollMs);
      }
      break;
    }
    core::http::Request request = warm_request(next.task->key, pop_);
    request.received = cache_.clock().now();
    auto key = cache::cache_key(request, cache_.shared().settings.keys);
    if (!key) {
      warmer_.finished(next.task->key, 0);
      account(next.task->hint, next.task->key, prefetch::WarmOutcome::kFailed, 0);
      continue;
    }
    auto video = video_of(next.task->key, warmer_.settings().estimates.prefix);
    proxy::ObjectRequest object{std::move(request), video.value_or(""), false, true};
    auto fetch = std::make_unique<WarmFetch>(*this, std::move(*next.task), std::move(*key),
                                             std::move(object));
    WarmFetch& started = *fetch;
    fetches_.emplace(&started, std::move(fetch));
    started.start(cache_);
  }
}

void WarmRunner::account_dropped(const prefetch::WarmQueue::Next& next) {
  for (const prefetch::Dropped& dropped : next.dropped) {
    const bool cached = dropped.why == prefetch::Dropped::Why::kStored ||
                        dropped.why == prefetch::Dropped::Why::kFilling;
    const auto outcome =
        cached ? prefetch::WarmOutcome::kAlreadyCached : prefetch::WarmOutcome::kDropped;
    account(dropped.task.hint, dropped.task.key, outcome, 0);
  }
}

void WarmRunner::account(const std::string& hint, const std::string& key,
                         prefetch::WarmOutcome outcome, uint64_t bytes) {
  warmer_.ledger().outcome(hint, key, outcome, bytes);
  warmer_.metrics().outcome(outcome, bytes);
}

void WarmRunner::ended(WarmFetch& fetch, prefetch::WarmOutcome outcome, uint64_t bytes,
                       const std::string& playlist_body) {
  const prefetch::WarmTask& task = fetch.task();
  warmer_.finished(task.key, bytes);
  account(task.hint, fetch.key(), outcome, bytes);
  if (task.follow_segments > 0 && outcome != prefetch::WarmOutcome::kFailed &&
      !playlist_body.empty()) {
    auto tasks = playlist_tasks(task, playlist_body, warmer_.settings().estimates);
    // A playlist that does not parse was still fetched; there is just nothing to follow.
    if (tasks) warmer_.follow(std::move(*tasks));
  }
  fetches_.erase(&fetch);
  // The fetch's own callback is still on the stack: start the next ones after it returns.
  std::weak_ptr<char> alive = alive_;
  cache_.mailbox()->post([this, alive] {
    if (alive.lock()) pump();
  });
}

void WarmRunner::arm_retry(int64_t retry_at_ms) {
  const int64_t wait_ms = std::max<int64_t>(1, retry_at_ms - cache_.clock().unix_millis());
  timeval delay{static_cast<time_t>(wait_ms / 1000),
                static_cast<suseconds_t>((wait_ms % 1000) * 1000)};
  evtimer_add(retry_.get(), &delay);
}

void WarmRunner::on_retry(evutil_socket_t, short, void* self) {
  static_cast<WarmRunner*>(self)->pump();
}

}  // namespace edge::warm
