// WarmQueue: tasks live in a map by key; two ordered indexes over them give the best task
// (priority, expiry, key) and the next to expire. Drops found outside next() (evictions,
// cancels, expiries seen by push()) wait in `dropped` until next() hands them out.
#include "prefetch/warm_queue.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "prefetch/token_bucket.h"

namespace prefetch {
namespace {

struct ByRank {
  bool operator()(const WarmTask* a, const WarmTask* b) const {
    if (a->priority != b->priority) return a->priority > b->priority;
    if (a->expires_at_ms != b->expires_at_ms) return a->expires_at_ms < b->expires_at_ms;
    return a->key < b->key;
  }
};

struct ByExpiry {
  bool operator()(const WarmTask* a, const WarmTask* b) const {
    if (a->expires_at_ms != b->expires_at_ms) return a->expires_at_ms < b->expires_at_ms;
    return a->key < b->key;
  }
};

}  // namespace

struct WarmQueue::Impl {
  Impl(const WarmLimits& limits, int64_t now_ms)
      : bucket(limits.bytes_per_second, limits.burst_bytes, now_ms) {}

  void insert(WarmTask task) {
    WarmTask& stored = tasks[task.key];
    stored = std::move(task);
    order.insert(&stored);
    by_expiry.insert(&stored);
  }

  WarmTask remove(const WarmTask* task) {
    order.erase(task);
    by_expiry.erase(task);
    // find and erase rather than extract: GCC cannot tell an extracted node is never empty
    // here, and warns of a null dereference at -O3.
    auto it = tasks.find(task->key);
    WarmTask out = std::move(it->second);
    tasks.erase(it);
    return out;
  }

  void drop_expired(int64_t now_ms) {
    while (!by_expiry.empty() && (*by_expiry.begin())->expires_at_ms <= now_ms)
      dropped.push_back({remove(*by_expiry.begin()), Dropped::Why::kExpired});
  }

  std::map<std::string, WarmTask, std::less<>> tasks;
  std::set<const WarmTask*, ByRank> order;
  std::set<const WarmTask*, ByExpiry> by_expiry;
  std::map<std::string, uint64_t, std::less<>> in_flight;  // key -> bytes charged
  std::vector<Dropped> dropped;
  TokenBucket bucket;
};

WarmQueue::WarmQueue(WarmLimits limits, int64_t now_ms)
    : limits_(limits), impl_(std::make_unique<Impl>(limits_, now_ms)) {}

WarmQueue::~WarmQueue() = default;

PushResult WarmQueue::push(WarmTask task, int64_t now_ms) {
  // NaN would break the ordering; it ranks below every real priority instead.
  if (std::isnan(task.priority)) task.priority = -std::numeric_limits<double>::infinity();
  if (task.expires_at_ms <= now_ms) return PushResult::kExpired;
  if (impl_->in_flight.contains(task.key)) return PushResult::kDuplicate;
  impl_->drop_expired(now_ms);
  if (auto it = impl_->tasks.find(task.key); it != impl_->tasks.end()) {
    WarmTask merged = impl_->remove(&it->second);
    bool raised = task.priority > merged.priority;
    merged.priority = std::max(merged.priority, task.priority);
    merged.expires_at_ms = std::max(merged.expires_at_ms, task.expires_at_ms);
    merged.follow_segments = std::max(merged.follow_segments, task.follow_segments);
    impl_->insert(std::move(merged));
    return raised ? PushResult::kRaised : PushResult::kDuplicate;
  }
  if (impl_->tasks.size() >= limits_.max_queued) {
    if (impl_->order.empty() || !ByRank()(&task, *impl_->order.rbegin())) return PushResult::kFull;
    impl_->dropped.push_back({impl_->remove(*impl_->order.rbegin()), Dropped::Why::kEvicted});
  }
  impl_->insert(std::move(task));
  return PushResult::kQueued;
}

WarmQueue::Next WarmQueue::next(int64_t now_ms, const CacheProbe& probe,
                                std::size_t viewer_misses) {
  impl_->drop_expired(now_ms);
  Next out;
  out.dropped = std::move(impl_->dropped);
  impl_->dropped.clear();
  if (impl_->in_flight.size() >= limits_.max_in_flight) return out;
  if (viewer_misses >= limits_.pause_at_viewer_misses) return out;
  impl_->bucket.refill(now_ms);
  while (!impl_->order.empty()) {
    const WarmTask* best = *impl_->order.begin();
    CacheState state = probe.state(best->key);
    if (state != CacheState::kAbsent) {
      auto why = state == CacheState::kStored ? Dropped::Why::kStored : Dropped::Why::kFilling;
      out.dropped.push_back({impl_->remove(best), why});
      continue;
    }
    if (!impl_->bucket.can_start(best->expected_bytes)) {
      out.retry_at_ms = impl_->bucket.ready_at(best->expected_bytes, now_ms);
      return out;
    }
    impl_->bucket.charge(best->expected_bytes);
    impl_->in_flight.emplace(best->key, best->expected_bytes);
    out.task = impl_->remove(best);
    return out;
  }
  return out;
}

void WarmQueue::finished(const std::string& key, uint64_t bytes, int64_t now_ms) {
  auto it = impl_->in_flight.find(key);
  if (it == impl_->in_flight.end()) return;
  impl_->bucket.refill(now_ms);
  impl_->bucket.correct(it->second, bytes);
  impl_->in_flight.erase(it);
}

std::size_t WarmQueue::cancel(std::string_view hint) {
  std::vector<const WarmTask*> victims;
  for (const auto& [key, task] : impl_->tasks) {
    if (task.hint == hint) victims.push_back(&task);
  }
  for (const WarmTask* task : victims)
    impl_->dropped.push_back({impl_->remove(task), Dropped::Why::kCancelled});
  return victims.size();
}

std::size_t WarmQueue::queued() const {
  return impl_->tasks.size();
}

std::size_t WarmQueue::in_flight() const {
  return impl_->in_flight.size();
}

}  // namespace prefetch
