// The decoder-to-rendition hand-off; see work_queue.h.
#include "origin/transcode/work_queue.h"

namespace origin::transcode {

bool WorkQueue::push(WorkItem item) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return closed_ || aborted_ || items_.size() < capacity_; });
  if (closed_ || aborted_) return false;
  items_.push_back(std::move(item));
  changed_.notify_all();
  return true;
}

std::optional<WorkItem> WorkQueue::pop() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return closed_ || aborted_ || !items_.empty(); });
  if (aborted_ || items_.empty()) return std::nullopt;
  WorkItem item = std::move(items_.front());
  items_.pop_front();
  changed_.notify_all();
  return item;
}

void WorkQueue::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  changed_.notify_all();
}

void WorkQueue::abort() {
  std::lock_guard lock(mutex_);
  aborted_ = true;
  items_.clear();
  changed_.notify_all();
}

bool WorkQueue::aborted() {
  std::lock_guard lock(mutex_);
  return aborted_;
}

}  // namespace origin::transcode
