// Admission pauses, the registry of writes in flight, and the tier's shared helpers.
#include "edge/cache/disk_shared.h"

namespace edge::cache {

bool DiskAdmission::admitting() {
  if (!closed_.load(std::memory_order_relaxed)) return true;
  int64_t now = clock_.now().time_since_epoch().count();
  int64_t pause = std::chrono::duration_cast<std::chrono::steady_clock::duration>(kPause).count();
  if (now - closed_at_ns_.load(std::memory_order_relaxed) < pause) return false;
  reopen();
  return true;
}

void DiskAdmission::close() {
  closed_at_ns_.store(clock_.now().time_since_epoch().count(), std::memory_order_relaxed);
  closed_.store(true, std::memory_order_relaxed);
}

bool InflightWrites::add(const std::shared_ptr<WriteJob>& job) {
  std::lock_guard lock(mutex_);
  return jobs_.emplace(job->key, job).second;
}

namespace {

void tell_end(const WriteJob& job, bool published) {
  std::function<void(bool)> callback;
  {
    std::lock_guard lock(job.notice->mutex);
    job.notice->ended = true;
    job.notice->published = published;
    callback = std::move(job.notice->callback);
  }
  if (callback) callback(published);
}

}  // namespace

void InflightWrites::release(const WriteJob& job) {
  {
    std::lock_guard lock(mutex_);
    auto it = jobs_.find(job.key);
    if (it != jobs_.end() && it->second.get() == &job) jobs_.erase(it);
  }
  tell_end(job, false);
}

size_t InflightWrites::cancel(std::string_view key) {
  std::lock_guard lock(mutex_);
  auto it = jobs_.find(key);
  if (it == jobs_.end()) return 0;
  it->second->cancelled.store(true);
  return 1;
}

size_t InflightWrites::cancel_prefix(std::string_view prefix) {
  std::lock_guard lock(mutex_);
  size_t cancelled = 0;
  for (auto& [key, job] : jobs_) {
    if (!std::string_view(key).starts_with(prefix)) continue;
    job->cancelled.store(true);
    ++cancelled;
  }
  return cancelled;
}

bool InflightWrites::finish(const WriteJob& job, const std::function<void()>& publish) {
  bool published = false;
  {
    std::lock_guard lock(mutex_);
    published = !job.cancelled.load();
    if (published) publish();
    auto it = jobs_.find(job.key);
    if (it != jobs_.end() && it->second.get() == &job) jobs_.erase(it);
  }
  tell_end(job, published);
  return published;
}

DiskShared::DiskShared(DiskConfig disk_config, core::metrics::Registry& registry)
    : config(std::move(disk_config)),
      paths(config.dir),
      clock(config.clock ? *config.clock : system_clock),
      admission(clock),
      metrics(registry),
      open_files(open_files_capacity(config.open_files), &metrics.open_files) {
  metrics.budget.set(static_cast<int64_t>(config.budget_bytes));
}

uint64_t DiskShared::high_bytes() const {
  return static_cast<uint64_t>(static_cast<double>(config.budget_bytes) * config.high_watermark);
}

uint64_t DiskShared::low_bytes() const {
  return static_cast<uint64_t>(static_cast<double>(config.budget_bytes) * config.low_watermark);
}

void DiskShared::log(std::string message) const {
  if (config.log) config.log(std::move(message));
}

void DiskShared::sync_gauges() {
  metrics.objects.set(static_cast<int64_t>(index.count()));
  metrics.bytes.set(static_cast<int64_t>(index.bytes()));
}

}  // namespace edge::cache
