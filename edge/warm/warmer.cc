// Warmer: the queue under one lock, the hint rate bucket, and what the runner and the cache
// report.
#include "edge/warm/warmer.h"

#include <array>

#include "edge/proxy/path_safety.h"
#include "manifest/rewrite.h"

namespace edge::warm {

Warmer::Warmer(WarmSettings settings, const core::base::Clock& clock,
               core::metrics::Registry& registry)
    : settings_(std::move(settings)),
      clock_(clock),
      metrics_(registry),
      queue_(settings_.limits, clock.unix_millis()),
      hint_bucket_(settings_.hints_per_second, settings_.hints_per_second, clock.unix_millis()) {}

bool Warmer::admit_hint() {
  const int64_t now = clock_.unix_millis();
  std::lock_guard lock(mutex_);
  hint_bucket_.refill(now);
  if (!hint_bucket_.can_start(1)) return false;
  hint_bucket_.charge(1);
  return true;
}

size_t Warmer::accept(const prefetch::Hint& hint) {
  ledger_.hint_accepted(hint.id, hint.items.size(), hint.expires_at);
  const size_t queued = push_all(hint_tasks(hint, settings_.estimates));
  ledger_.queued(hint.id, queued);
  return queued;
}

void Warmer::cmcd_next(std::string_view path, std::string_view next, int64_t buffer_ms) {
  if (!settings_.cmcd) return;
  if (buffer_ms >= 0 && buffer_ms < settings_.cmcd_min_buffer_ms) {
    metrics_.cmcd(CmcdResult::kLowBuffer);
    return;
  }
  std::string target = manifest::resolve_uri(path, next);
  // Query parameters (CMCD, sessions) never split the cache: the object is its path.
  if (const size_t query = target.find_first_of("?#"); query != std::string::npos)
    target.resize(query);
  // A viewer's header is untrusted: only a safe path of the video it is watching is warmed.
  const std::array<std::string, 1> prefixes = {settings_.estimates.prefix};
  auto route = proxy::route_target(target, prefixes, "");
  const auto video = video_of(target, settings_.estimates.prefix);
  if (!route || route->kind != proxy::Route::Kind::kContent || !video ||
      video != video_of(path, settings_.estimates.prefix)) {
    metrics_.cmcd(CmcdResult::kIgnored);
    return;
  }
  const bool playlist = target.ends_with(".m3u8");
  // Most next objects of a popular clip are cached already: checking here costs less than a
  // trip through the queue and the runner's loop.
  if (probe_ && probe_->state(target) != prefetch::CacheState::kAbsent) {
    metrics_.cmcd(CmcdResult::kCached);
    return;
  }
  if (queued() >= settings_.limits.max_queued / 2) {
    metrics_.cmcd(CmcdResult::kBusy);
    return;
  }
  const uint64_t bytes =
      playlist ? settings_.estimates.playlist_bytes : settings_.estimates.segment_bytes;
  std::vector<prefetch::WarmTask> tasks;
  tasks.push_back({std::move(target), std::string(kCmcdHint), settings_.cmcd_priority,
                   clock_.unix_millis() + settings_.cmcd_ttl_ms, bytes, 0});
  push_all(std::move(tasks));
  metrics_.cmcd(CmcdResult::kQueued);
}

size_t Warmer::cancel(std::string_view id) {
  size_t cancelled = 0;
  {
    std::lock_guard lock(mutex_);
    cancelled = queue_.cancel(id);
    metrics_.queue(queue_.queued(), queue_.in_flight());
    // A playlist of the hint still in flight must not queue its segments once it ends.
    if (withdrawn_.insert(std::string(id)).second) {
      withdrawn_order_.emplace_back(id);
      if (withdrawn_order_.size() > kWithdrawnKept) {
        withdrawn_.erase(withdrawn_order_.front());
        withdrawn_order_.pop_front();
      }
    }
  }
  // The runner accounts for the dropped tasks on its next take.
  if (cancelled > 0) wake();
  return cancelled;
}

size_t Warmer::push_all(std::vector<prefetch::WarmTask> tasks) {
  const int64_t now = clock_.unix_millis();
  size_t queued = 0;
  {
    std::lock_guard lock(mutex_);
    for (prefetch::WarmTask& task : tasks) {
      const prefetch::PushResult result = queue_.push(std::move(task), now);
      if (result == prefetch::PushResult::kQueued) ++queued;
    }
    metrics_.queue(queue_.queued(), queue_.in_flight());
  }
  if (queued > 0) wake();
  return queued;
}

void Warmer::wake() {
  // One wake in flight is enough: the runner takes everything queued when it runs.
  if (wake_pending_.exchange(true)) return;
  std::shared_ptr<core::server::Mailbox> runner;
  std::function<void()> task;
  {
    std::lock_guard lock(mutex_);
    runner = runner_;
    task = wake_;
  }
  if (runner) runner->post(std::move(task));
}

void Warmer::attach(std::shared_ptr<core::server::Mailbox> mailbox, std::function<void()> wake) {
  wake_pending_.store(false);
  std::lock_guard lock(mutex_);
  runner_ = std::move(mailbox);
  wake_ = std::move(wake);
}

void Warmer::detach() {
  std::lock_guard lock(mutex_);
  runner_.reset();
  wake_ = nullptr;
}

prefetch::WarmQueue::Next Warmer::take(const prefetch::CacheProbe& probe, size_t viewer_misses) {
  wake_pending_.store(false);
  std::lock_guard lock(mutex_);
  prefetch::WarmQueue::Next next = queue_.next(clock_.unix_millis(), probe, viewer_misses);
  metrics_.queue(queue_.queued(), queue_.in_flight());
  return next;
}

void Warmer::finished(const std::string& path, uint64_t bytes) {
  std::lock_guard lock(mutex_);
  queue_.finished(path, bytes, clock_.unix_millis());
  metrics_.queue(queue_.queued(), queue_.in_flight());
}

size_t Warmer::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.queued();
}

void Warmer::follow(std::vector<prefetch::WarmTask> tasks) {
  if (tasks.empty()) return;
  const std::string hint = tasks.front().hint;
  {
    std::lock_guard lock(mutex_);
    if (withdrawn_.contains(hint)) return;
  }
  ledger_.queued(hint, push_all(std::move(tasks)));
}

void Warmer::viewer_hit(const std::string& key) {
  if (ledger_.viewer_hit(key)) metrics_.used();
}

void Warmer::evicted(const std::string& key, uint64_t bytes) {
  if (ledger_.evicted(key)) metrics_.wasted(bytes);
}

nlohmann::json Warmer::stats() const {
  const auto counts = [](const prefetch::WarmCounts& c) {
    return nlohmann::json{{"hints", c.hints},
                          {"items", c.items},
                          {"queued", c.queued},
                          {"fetched", c.fetched},
                          {"already_cached", c.already_cached},
                          {"failed", c.failed},
                          {"dropped", c.dropped},
                          {"bytes_fetched", c.bytes_fetched},
                          {"later_hit", c.later_hit},
                          {"later_hit_bytes", c.later_hit_bytes},
                          {"evicted_unhit", c.evicted_unhit},
                          {"wasted_bytes", c.wasted_bytes}};
  };
  nlohmann::json doc = counts(ledger_.total());
  {
    std::lock_guard lock(mutex_);
    doc["queue"] = {{"queued", queue_.queued()}, {"in_flight", queue_.in_flight()}};
  }
  doc["tracked"] = ledger_.tracked();
  nlohmann::json hints = nlohmann::json::array();
  for (const prefetch::WarmLedger::HintReport& report : ledger_.hints()) {
    nlohmann::json entry = counts(report.counts);
    entry["hint"] = report.hint;
    entry["expires_at"] = report.expires_at;
    hints.push_back(std::move(entry));
  }
  doc["hints"] = std::move(hints);
  return doc;
}

}  // namespace edge::warm
